import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';

export interface OidcSettings {
  /** The identity provider (VNeID / DVCQG) issuer URL; plain http is allowed for the local simulator only. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface CitizenSession {
  idNumber: string;
  fullName: string;
}

const hash = (v: string): string => createHash('sha256').update(v).digest('hex');
const flowLifetimeMs = 10 * 60_000;
const idleMs = 30 * 60_000;
const maxMs = 8 * 3_600_000;

/**
 * Citizen sign-in with OpenID Connect: authorization code flow with PKCE (S256), state and nonce,
 * the pending sign-in bound to the browser that started it. The identity provider's `sub` is the
 * citizen's 12-digit personal ID number.
 */
export class CitizenSignIn {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(readonly settings: OidcSettings) {}

  private configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    this.config ??= oidc
      .discovery(
        new URL(issuer),
        clientId,
        undefined,
        oidc.ClientSecretBasic(clientSecret),
        issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.config = undefined; // try discovery again next time
        throw e;
      });
    return this.config;
  }

  /** Starts a sign-in: where to send the browser, and the token to keep in its cookie. */
  async begin(ctx: AppContext, redirectUri: string): Promise<{ url: string; browserToken: string }> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const browserToken = randomBytes(32).toString('base64url');
    const now = ctx.now();
    await inTransaction(ctx, async (tx) => {
      await tx
        .deleteFrom('oidc_login')
        .where('created_at', '<', new Date(now.getTime() - flowLifetimeMs))
        .execute();
      await tx
        .insertInto('oidc_login')
        .values({
          state,
          browser_hash: hash(browserToken),
          code_verifier: codeVerifier,
          nonce,
          created_at: now,
        })
        .execute();
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, browserToken };
  }

  /** Completes a sign-in from the provider's redirect; returns the new citizen session token. */
  async finish(
    ctx: AppContext,
    callbackUrl: URL,
    browserToken: string | undefined,
    meta: RequestMeta,
  ): Promise<string> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    const now = ctx.now();
    const flow = await inTransaction(ctx, async (tx) => {
      const row = await tx
        .deleteFrom('oidc_login')
        .where('state', '=', state)
        .returningAll()
        .executeTakeFirst();
      return row;
    });
    // One use only, in time, from the browser that started it (no login CSRF, no replay).
    if (
      !flow ||
      !browserToken ||
      hash(browserToken) !== flow.browser_hash ||
      now.getTime() - flow.created_at.getTime() > flowLifetimeMs
    ) {
      throw problem('citizen-login-invalid');
    }
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
    });
    const idNumber = String(tokens.claims()?.sub ?? '');
    if (!/^\d{12}$/.test(idNumber)) {
      throw problem('citizen-login-invalid');
    }
    // Profile claims come from the userinfo endpoint (providers keep ID tokens minimal).
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idNumber);
    const fullName = typeof info.name === 'string' && info.name.length > 0 ? info.name : idNumber;
    const token = randomBytes(32).toString('base64url');
    await inTransaction(ctx, async (tx) => {
      await tx
        .insertInto('citizen_session')
        .values({
          token_hash: hash(token),
          id_number: idNumber,
          full_name: fullName,
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(now.getTime() + maxMs),
        })
        .execute();
      await recordAudit(
        tx,
        {
          actorKind: 'citizen',
          actorId: idNumber,
          action: 'citizen.login',
          detail: { issuer: this.settings.issuer },
        },
        now,
        meta,
      );
    });
    return token;
  }
}

/** The citizen behind a session cookie, or null when unknown or expired (idle 30 minutes, at most 8 hours). */
export function loadCitizenSession(ctx: AppContext, token: string): Promise<CitizenSession | null> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const s = await tx
      .selectFrom('citizen_session')
      .selectAll()
      .where('token_hash', '=', hash(token))
      .executeTakeFirst();
    if (!s) return null;
    if (now >= s.expires_at || now.getTime() - s.last_seen_at.getTime() > idleMs) {
      await tx.deleteFrom('citizen_session').where('token_hash', '=', s.token_hash).execute();
      return null;
    }
    await tx
      .updateTable('citizen_session')
      .set({ last_seen_at: now })
      .where('token_hash', '=', s.token_hash)
      .execute();
    return { idNumber: s.id_number, fullName: s.full_name };
  });
}

export async function endCitizenSession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('citizen_session').where('token_hash', '=', hash(token)).execute();
}
