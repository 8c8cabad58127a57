import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { demoCitizens } from './demoCitizens.js';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
}

export interface RunningSimulator {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (node-oidc-provider) standing in for VNeID / the national
 * portal's identity: discovery, authorization code with PKCE, signed ID tokens. Its sign-in page
 * is the library's development form: type a demo citizen's 12-digit ID (any password).
 */
export async function startVneidSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  // Listen first: the issuer URL must carry the real port.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        // Any loopback callback of motcua; a real registration lists exact URLs (see allowRedirect).
        redirect_uris: ['http://127.0.0.1/api/v1/citizen/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'birthdate'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['motcua-vneid-simulator-only'] },
    async findAccount(_ctx, id) {
      const citizen = demoCitizens.find((c) => c.id === id);
      if (!citizen) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: citizen.name, birthdate: citizen.birthdate }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  allowLoopbackRedirects(provider);
  server.on('request', provider.callback());
  return {
    issuer,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** Development and tests run motcua on any free loopback port: accept those callbacks, only those. */
function allowLoopbackRedirects(provider: Provider): void {
  const proto = provider.Client.prototype as unknown as { redirectUriAllowed(uri: string): boolean };
  proto.redirectUriAllowed = (uri: string) => {
    const u = new URL(uri);
    return (
      u.protocol === 'http:' &&
      ['127.0.0.1', 'localhost'].includes(u.hostname) &&
      u.pathname === '/api/v1/citizen/callback'
    );
  };
}
