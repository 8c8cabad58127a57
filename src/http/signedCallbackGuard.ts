import type { FastifyReply, FastifyRequest } from 'fastify';
import { vi } from '../domain/i18n/vi.js';
import { signatureOf } from '../integrations/http/signedCallback.js';
import { sendProblem } from './problem.js';

/**
 * A partner platform (payments, document management, other agencies' systems) calls back from a
 * few addresses for the whole nation: its callbacks have an allowance of their own per address,
 * ten times an anonymous caller's, instead of sharing (and exhausting) the address's allowance for
 * everything else. Each still needs a valid signature, checked before its body is read.
 */
export const partnerCallbackLimit = { max: 6000, timeWindow: '1 minute' } as const;

/**
 * Before a signed callback's body is read: a route without its secret answers 503, and a request
 * without well-formed, fresh signature headers 401, so nobody unauthenticated makes the server
 * buffer a large body just to find out it is unsigned. The signature itself is checked on the body.
 */
export function signedCallbackGuard(secret: string | undefined, now: () => Date, toleranceSeconds = 300) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!secret)
      return sendProblem(request, reply, 503, 'not-configured', vi.problem.integrationNotConfigured);
    const { signature, timestamp, nonce } = signatureOf(request.headers);
    const fresh =
      timestamp !== undefined &&
      /^\d{1,12}$/.test(timestamp) &&
      Math.abs(now().getTime() / 1000 - Number(timestamp)) <= toleranceSeconds;
    if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature) || !nonce || nonce.length > 100 || !fresh)
      return sendProblem(request, reply, 401, 'callback-rejected', vi.problem.callbackRejected, {
        detail: 'missing',
      });
  };
}
