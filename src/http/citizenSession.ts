import type { FastifyRequest } from 'fastify';
import { loadCitizenSession, type CitizenSession } from '../app/citizens/citizenSignIn.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { vi } from '../domain/i18n/vi.js';

export const citizenCookie = 'motcua_citizen';

/** The citizen signed in through VNeID on this request, or 401. */
export async function requireCitizen(ctx: AppContext, request: FastifyRequest): Promise<CitizenSession> {
  const token = request.cookies[citizenCookie];
  const citizen = token ? await loadCitizenSession(ctx, token) : null;
  if (!citizen) throw new AppError('unauthorized', 'unauthenticated', vi.problem.unauthenticated);
  return citizen;
}
