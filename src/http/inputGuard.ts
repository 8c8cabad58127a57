import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../app/errors.js';
import { vi } from '../domain/i18n/vi.js';
import { hostileText } from '../domain/text/hostileText.js';
import { sendProblem } from './problem.js';

/** Deeper than any form or payload the system defines; a nesting past it is an attack. */
export const maxNesting = 32;

const messages = {
  nul: vi.problem.textNul,
  lone_surrogate: vi.problem.textSurrogate,
  depth: vi.problem.tooDeep,
};

/**
 * The first hostile value in a parsed request part, or null: text no column can keep, or nesting
 * past `maxNesting`. The walk stops at that depth, so a 100,000-deep document costs 32 steps.
 */
export function hostileValue(value: unknown, field: string, depth = 0): FieldError | null {
  if (typeof value === 'string') {
    const problem = hostileText(value);
    return problem ? { field, message: messages[problem] } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= maxNesting) return { field, message: messages.depth };
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = hostileText(k);
    if (keyProblem)
      return { field: `${field}.${k.replace(/[^\x20-\x7e]/g, '?')}`, message: messages[keyProblem] };
    const found = hostileValue(v, `${field}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Nesting depth of a JSON text, counted without parsing it (strings skipped): checked before the
 * parser, which would otherwise recurse through a 100,000-deep document.
 */
export function jsonNesting(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/**
 * The one guard every route gets, before its own validation: JSON bodies nested past the limit are
 * refused before parsing, and no NUL, lone surrogate or over-deep value in the path, query or body
 * reaches a use case. A 400 problem names the field; nothing is written.
 */
export function installInputGuard(app: FastifyInstance): void {
  // The API speaks JSON (and multipart for files): a text/plain body, which a page of another site
  // can send without asking, is a 415 and never reaches a route.
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonNesting(text, maxNesting) > maxNesting) {
      const error = Object.assign(new Error(vi.problem.tooDeep), {
        statusCode: 400,
        code: 'MOTCUA_TOO_DEEP',
      });
      done(error, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request, reply) => {
    const found =
      hostileValue(request.params, 'params') ??
      hostileValue(request.query, 'querystring') ??
      hostileValue(request.body, 'body');
    if (found)
      return sendProblem(request, reply, 400, 'validation', vi.problem.validation, { errors: [found] });
  });
}
