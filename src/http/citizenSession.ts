import type { FastifyRequest } from 'fastify';
import { loadCitizenSession, type CitizenSession } from '../app/citizens/citizenSignIn.js';
import type { AppContext } from '../app/context.js';
import { problem } from '../app/problems.js';

export const citizenCookie = 'motcua_citizen';

/** The citizen signed in through VNeID on this request, or 401. */
export async function requireCitizen(ctx: AppContext, request: FastifyRequest): Promise<CitizenSession> {
  const token = request.cookies[citizenCookie];
  const citizen = token ? await loadCitizenSession(ctx, token) : null;
  if (!citizen) throw problem('unauthenticated');
  return citizen;
}
