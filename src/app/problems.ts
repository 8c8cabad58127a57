import { vi } from '../domain/i18n/vi.js';
import { AppError, type AppErrorKind, type FieldError } from './errors.js';

/**
 * The problem catalogue: every problem the application answers, registered once by its slug (the
 * problem+json `type`), with its kind (which decides the HTTP status) and its Vietnamese title.
 * Code raises a problem by name: `problem('stale-version')`.
 */
export const problems = {
  'not-found': { kind: 'not_found', title: vi.problem.notFound },
  'stale-version': { kind: 'conflict', title: vi.problem.staleVersion },
  'action-not-allowed': { kind: 'conflict', title: vi.dossierProblem['not_allowed_in_status'] as string },
  'role-cannot': { kind: 'forbidden', title: vi.dossierProblem['role_cannot'] as string },
  'action-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'assignee-cannot': { kind: 'bad_request', title: vi.problem.validation },
  'result-not-signed': { kind: 'conflict', title: vi.problem.resultNotSigned },
} as const satisfies Record<string, { kind: AppErrorKind; title: string }>;
export type ProblemSlug = keyof typeof problems;

/** The registered problem `slug`, with what went wrong in this case. */
export function problem(slug: ProblemSlug, detail?: string, errors: FieldError[] = []): AppError {
  const { kind, title } = problems[slug];
  return new AppError(kind, slug, title, detail, errors);
}

export const staleVersion = (current?: number) =>
  problem('stale-version', current === undefined ? undefined : vi.detail.currentVersion(current));

export const dossierNotFound = (code: string) => problem('not-found', vi.detail.noDossier(code));
