import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldError } from '../app/errors.js';
import { AppError } from '../app/errors.js';
import { vi } from '../domain/i18n/vi.js';
import type { Problem } from '../contracts/common.js';
import { isConnectionLost } from '../store/connectionLost.js';

const typeBase = 'https://motcua.gov.vn/problems/';
export const problemContentType = 'application/problem+json; charset=utf-8';

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  slug: string,
  title: string,
  extra: { detail?: string; errors?: FieldError[] } = {},
): FastifyReply {
  const body: Problem = {
    type: typeBase + slug,
    title,
    status,
    instance: request.url,
    requestId: String(request.id),
    ...(extra.detail === undefined ? {} : { detail: extra.detail }),
    ...(extra.errors === undefined || extra.errors.length === 0 ? {} : { errors: extra.errors }),
  };
  // Sent as a string so no route's response schema re-shapes it.
  return reply.code(status).type(problemContentType).serializer(JSON.stringify).send(body);
}

const appErrorStatus: Record<AppError['kind'], number> = {
  bad_request: 400,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  too_large: 413,
  unsupported_media: 415,
  unavailable: 503,
};

/** Fastify's own error codes that are the client's fault, with their status and Vietnamese title. */
const frameworkErrors: Record<string, { status: number; slug: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, slug: 'malformed-json', title: vi.problem.malformedJson },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, slug: 'malformed-json', title: vi.problem.malformedJson },
  MOTCUA_TOO_DEEP: { status: 400, slug: 'validation', title: vi.problem.tooDeep },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, slug: 'body-too-large', title: vi.problem.bodyTooLarge },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    slug: 'unsupported-media-type',
    title: vi.problem.unsupportedMediaType,
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    slug: 'malformed-request',
    title: vi.problem.validation,
  },
};

/** One place maps every failure to problem+json: nothing leaves as HTML or a bare 500 trace. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const errors = error.validation.map((v) => ({
        field: fieldName(where, v.instancePath, v.params),
        message: v.message ?? vi.problem.validation,
      }));
      return sendProblem(request, reply, 400, 'validation', vi.problem.validation, { errors });
    }
    if (error instanceof AppError) {
      return sendProblem(request, reply, appErrorStatus[error.kind], error.code, error.title, {
        ...(error.detail === undefined ? {} : { detail: error.detail }),
        errors: error.errors,
      });
    }
    const known = error.code ? frameworkErrors[error.code] : undefined;
    if (known)
      return sendProblem(request, reply, known.status, known.slug, known.title, {
        detail: error.message,
        ...(known.status === 400 ? { errors: [{ field: 'body', message: known.title }] } : {}),
      });
    if (error.statusCode === 429) {
      return sendProblem(request, reply, 429, 'too-many-requests', vi.problem.tooManyRequests);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, error.statusCode, 'bad-request', vi.problem.validation, {
        detail: error.message,
      });
    }
    if (isConnectionLost(error)) {
      // The database is away (restarting, failing over): the request changed nothing; try again.
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, 503, 'database-unavailable', vi.problem.databaseUnavailable);
    }
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      // This node's disk is full (uploads are staged on it): nothing was kept; another node, or
      // this one once an operator frees space, takes the retry.
      request.log.error({ err: error }, 'disk full');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, 503, 'storage-full', vi.problem.storageFull);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 500, 'internal', vi.problem.internal);
  });
}

/** 404 for a path no route serves. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  return sendProblem(request, reply, 404, 'route-not-found', vi.problem.routeNotFound, {
    detail: vi.detail.routeNotFound(request.method, path),
  });
}

function fieldName(where: string, instancePath: string | undefined, params: Record<string, unknown>): string {
  const path = (instancePath ?? '').split('/').filter(Boolean);
  // An unknown key is reported on the object; name the key itself.
  const keys = params['keys'];
  if (Array.isArray(keys) && keys.length > 0) path.push(keys.join(','));
  return [where, ...path].join('.');
}
