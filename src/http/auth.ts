import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymous, type Actor } from '../app/access/actor.js';
import { authenticateClient } from '../app/access/apiClients.js';
import type { ClientInfo } from '../app/auth/login.js';
import { csrfMatches, loadSession, sessionCookie, type LoadedSession } from '../app/auth/sessions.js';
import type { AppContext } from '../app/context.js';
import { vi } from '../domain/i18n/vi.js';
import { sendProblem } from './problem.js';
import { problem } from '../app/problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    session: LoadedSession | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Whether a request was routed to the API. The routed path (the route's pattern), never the raw
 * target: `/%61pi/…`, `//api/…` or an absolute-form target cannot make an API call look like
 * something else to the checks that read it.
 */
export function isApiRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? '').startsWith('/api/');
}

/** Whether a request's Origin header, when a browser sent one, is this system's own. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/** Writes that need no CSRF token: they create the session, so there is no token yet. */
const csrfExempt = new Set(['/api/v1/auth/login']);

/**
 * Resolves the staff session from its cookie on every API request, and requires the session's
 * CSRF token in `x-csrf-token` on every cookie-authenticated write (synchronizer token; the
 * cookie is also SameSite=Strict).
 */
export async function installAuth(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    request.actor = anonymous;
    request.session = null;
    if (!isApiRoute(request)) return;
    // A second line behind the CSRF token: a browser says where a write comes from, and a write
    // from another site's page is refused before anything else (the sign-in included).
    if (!safeMethods.has(request.method) && !sameOrigin(request))
      return sendProblem(request, reply, 403, 'csrf', vi.problem.csrf);
    // Machine clients authenticate with an API key, never a cookie: no session, no CSRF to check.
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const client = authorization.startsWith('Bearer ')
        ? await authenticateClient(ctx, authorization.slice(7).trim())
        : null;
      if (!client) return sendProblem(request, reply, 401, 'invalid-api-key', vi.problem.invalidApiKey);
      request.actor = client;
      return;
    }
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const session = await loadSession(ctx, token);
    if (!session) {
      clearSessionCookie(reply);
      return;
    }
    if (!safeMethods.has(request.method) && !csrfExempt.has(request.routeOptions.url ?? '')) {
      const given = request.headers['x-csrf-token'];
      if (!csrfMatches(session.csrfToken, typeof given === 'string' ? given : undefined)) {
        return sendProblem(request, reply, 403, 'csrf', vi.problem.csrf);
      }
    }
    request.session = session;
    request.actor = session.actor;
  });
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  token: string,
): void {
  reply.setCookie(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: Math.floor(ctx.settings.sessionMaxMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}

/** The session of a signed-in official, at any stage (for /me, logout, password, second factor). */
export function requireSession(request: FastifyRequest): LoadedSession {
  if (!request.session) throw problem('unauthenticated');
  return request.session;
}

export function clientInfo(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    requestId: String(request.id),
    userAgent: typeof ua === 'string' ? ua : null,
  };
}
