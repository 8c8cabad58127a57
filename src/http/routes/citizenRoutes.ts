import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endCitizenSession, type CitizenSignIn } from '../../app/citizens/citizenSignIn.js';
import type { AppContext } from '../../app/context.js';
import { ProblemSchema } from '../../contracts/common.js';
import { clientInfo } from '../auth.js';
import { citizenCookie, requireCitizen } from '../citizenSession.js';
import { citizenOperation, publicOperation } from '../openapiDocument.js';
import { problem } from '../../app/problems.js';

const flowCookie = 'motcua_oidc';
const tags = ['Công dân'];
const callbackPath = '/api/v1/citizen/callback';

/** Citizens' sign-in through the national identity (VNeID, OpenID Connect) and their session. */
export function citizenRoutes(
  ctx: AppContext,
  signIn: CitizenSignIn | undefined,
  selfUrl?: () => string,
): FastifyPluginAsyncZod {
  return async (app) => {
    const need = (): CitizenSignIn => {
      if (!signIn) throw problem('citizen-login-unavailable');
      return signIn;
    };
    // The address the identity provider sends citizens back to is this system's own (PUBLIC_URL),
    // never one built from the request's Host header; the request's origin only in development.
    const origin = (request: { protocol: string; host: string }) =>
      selfUrl?.() ?? `${request.protocol}://${request.host}`;
    // Lax: the cookies must come back on the provider's top-level redirect to the callback.
    const cookieOptions = (secure: boolean, maxAge: number) => ({
      httpOnly: true,
      sameSite: 'lax' as const,
      secure,
      path: '/',
      maxAge,
    });

    app.get(
      '/api/v1/citizen/login',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Chuyển sang VNeID để đăng nhập',
          response: { 303: z.null().describe('Chuyển sang trang đăng nhập VNeID'), 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        const { url, browserToken } = await need().begin(ctx, origin(request) + callbackPath);
        reply.setCookie(flowCookie, browserToken, cookieOptions(request.protocol === 'https', 600));
        return reply.redirect(url, 303);
      },
    );

    app.get(
      callbackPath,
      { schema: { tags, summary: 'VNeID chuyển về sau khi đăng nhập', hide: true } },
      async (request, reply) => {
        try {
          const token = await need().finish(
            ctx,
            new URL(request.url, origin(request)),
            request.cookies[flowCookie],
            clientInfo(request),
          );
          reply.setCookie(citizenCookie, token, cookieOptions(request.protocol === 'https', 8 * 3600));
          reply.clearCookie(flowCookie, { path: '/' });
          return reply.redirect('/cong-dan', 303);
        } catch (e) {
          request.log.warn({ err: e }, 'citizen sign-in failed');
          reply.clearCookie(flowCookie, { path: '/' });
          return reply.redirect('/cong-dan?loi=dang-nhap', 303);
        }
      },
    );

    app.get(
      '/api/v1/citizen/me',
      {
        schema: {
          security: citizenOperation,
          tags,
          summary: 'Công dân đang đăng nhập',
          response: { 200: z.object({ idNumber: z.string(), fullName: z.string() }), 401: ProblemSchema },
        },
      },
      async (request) => requireCitizen(ctx, request),
    );

    app.post(
      '/api/v1/citizen/logout',
      {
        schema: {
          security: citizenOperation,
          tags,
          summary: 'Công dân đăng xuất',
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const token = request.cookies[citizenCookie];
        if (token) await endCitizenSession(ctx, token);
        reply.clearCookie(citizenCookie, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
}
