import { vi } from '../domain/i18n/vi.js';
import { AppError, type AppErrorKind, type FieldError } from './errors.js';

/**
 * The problem catalogue: every problem the application answers, registered once by its slug (the
 * problem+json `type`), with its kind (which decides the HTTP status) and its Vietnamese title.
 * Code raises a problem by name: `problem('stale-version')`.
 */
export const problems = {
  'action-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'action-not-allowed': { kind: 'conflict', title: vi.dossierProblem['not_allowed_in_status'] as string },
  'already-answered': { kind: 'conflict', title: vi.problem.conflict },
  'already-published': { kind: 'conflict', title: vi.problem.conflict },
  'admin-exists': { kind: 'conflict', title: vi.problem.conflict },
  'account-activated': { kind: 'conflict', title: vi.problem.conflict },
  'agency-holds-dossiers': { kind: 'conflict', title: vi.problem.agencyHoldsDossiers },
  'agency-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'announcement-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'maintenance-too-soon': { kind: 'unprocessable', title: vi.problem.maintenanceTooSoon },
  'amount-mismatch': { kind: 'bad_request', title: vi.problem.validation },
  'assignee-cannot': { kind: 'bad_request', title: vi.problem.validation },
  'bad-cursor': { kind: 'bad_request', title: vi.problem.badCursor },
  'binding-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'calendar-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'callback-rejected': { kind: 'unauthorized', title: vi.problem.callbackRejected },
  'callback-replayed': { kind: 'conflict', title: vi.problem.callbackReplayed },
  'portal-event-conflict': { kind: 'conflict', title: vi.problem.portalEventConflict },
  'citizen-login-invalid': { kind: 'bad_request', title: vi.problem.citizenLoginInvalid },
  'citizen-login-unavailable': { kind: 'not_found', title: vi.problem.citizenLoginUnavailable },
  'client-name-taken': { kind: 'conflict', title: vi.problem.clientNameTaken },
  'dossier-closed': { kind: 'conflict', title: vi.problem.dossierClosed },
  'dossier-incomplete': { kind: 'bad_request', title: vi.problem.incomplete },
  'dossier-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'draft-exists': { kind: 'conflict', title: vi.problem.conflict },
  'external-unavailable': { kind: 'unavailable', title: vi.problem.externalUnavailable },
  'file-active-content': { kind: 'unsupported_media', title: vi.problem.fileTypeRefused },
  'file-missing': { kind: 'bad_request', title: vi.problem.validation },
  'file-too-large': { kind: 'too_large', title: vi.problem.fileTooLarge },
  'file-type-refused': { kind: 'unsupported_media', title: vi.problem.fileTypeRefused },
  'file-zip-bomb': { kind: 'unsupported_media', title: vi.problem.fileTypeRefused },
  forbidden: { kind: 'forbidden', title: vi.problem.forbidden },
  'form-not-applicable': { kind: 'conflict', title: vi.problem.formNotApplicable },
  'grant-not-allowed': { kind: 'forbidden', title: vi.problem.grantNotAllowed },
  'hash-mismatch': { kind: 'bad_request', title: vi.problem.validation },
  'import-invalid': { kind: 'bad_request', title: vi.problem.importInvalid },
  'idempotency-key-reused': { kind: 'unprocessable', title: vi.problem.idempotencyKeyReused },
  'idempotency-key-taken': { kind: 'conflict', title: vi.problem.idempotencyKeyTaken },
  'invalid-api-key': { kind: 'unauthorized', title: vi.problem.invalidApiKey },
  'invalid-credentials': { kind: 'unauthorized', title: vi.problem.invalidCredentials },
  'login-locked': { kind: 'too_many_requests', title: vi.problem.loginLocked },
  'malformed-json': { kind: 'bad_request', title: vi.problem.malformedJson },
  'month-not-closed': { kind: 'conflict', title: vi.problem.conflict },
  'move-target-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'multipart-malformed': { kind: 'bad_request', title: vi.problem.validation },
  'multipart-required': { kind: 'unsupported_media', title: vi.problem.unsupportedMediaType },
  'no-difficulty-desk': { kind: 'conflict', title: vi.problem.conflict },
  'no-totp-setup': { kind: 'bad_request', title: vi.problem.noTotpSetup },
  'not-a-receiver': { kind: 'forbidden', title: vi.problem.forbidden },
  'not-configured': { kind: 'unavailable', title: vi.problem.integrationNotConfigured },
  'not-finished': { kind: 'conflict', title: vi.problem.conflict },
  'link-expired': { kind: 'forbidden', title: vi.problem.linkExpired },
  'link-invalid': { kind: 'forbidden', title: vi.problem.linkInvalid },
  'not-found': { kind: 'not_found', title: vi.problem.notFound },
  'not-refundable': { kind: 'conflict', title: vi.problem.conflict },
  'receipt-not-replaceable': { kind: 'conflict', title: vi.problem.conflict },
  'not-replaceable': { kind: 'bad_request', title: vi.problem.validation },
  'otp-code-invalid': { kind: 'bad_request', title: vi.problem.otpInvalid },
  'otp-invalid': { kind: 'unauthorized', title: vi.problem.otpInvalid },
  'otp-required': { kind: 'unauthorized', title: vi.problem.otpRequired },
  'outside-client-registration': { kind: 'forbidden', title: vi.problem.outsideClientRegistration },
  'override-not-allowed': { kind: 'forbidden', title: vi.problem.forbidden },
  'receive-elsewhere': { kind: 'conflict', title: vi.problem.receiveElsewhere },
  'outside-reach': { kind: 'forbidden', title: vi.problem.forbidden },
  'practice-closed': { kind: 'forbidden', title: vi.problem.forbidden },
  'practice-unavailable': { kind: 'conflict', title: vi.problem.conflict },
  'page-count-mismatch': { kind: 'bad_request', title: vi.problem.pageCountMismatch },
  'postal-order-exists': { kind: 'conflict', title: vi.problem.conflict },
  'published-immutable': { kind: 'conflict', title: vi.problem.conflict },
  'reauthentication-required': { kind: 'bad_request', title: vi.problem.reauthenticationRequired },
  'resident-not-found': { kind: 'not_found', title: vi.problem.residentNotFound },
  'result-not-signed': { kind: 'conflict', title: vi.problem.resultNotSigned },
  'retention-expired': { kind: 'not_found', title: vi.problem.notFound },
  'reuse-not-consented': { kind: 'conflict', title: vi.problem.reuseNotConsented },
  'role-cannot': { kind: 'forbidden', title: vi.dossierProblem['role_cannot'] as string },
  'route-in-past': { kind: 'bad_request', title: vi.problem.validation },
  'route-not-central': { kind: 'conflict', title: vi.problem.notCentral },
  'scope-missing': { kind: 'forbidden', title: vi.problem.scopeMissing },
  'self-deactivation': { kind: 'bad_request', title: vi.problem.selfDeactivation },
  'stage-restricted': { kind: 'forbidden', title: vi.problem.stageRestricted },
  'stale-version': { kind: 'conflict', title: vi.problem.staleVersion },
  'step-unbound': { kind: 'conflict', title: vi.problem.conflict },
  'too-many-code-checks': { kind: 'too_many_requests', title: vi.problem.tooManyCodeChecks },
  unauthenticated: { kind: 'unauthorized', title: vi.problem.unauthenticated },
  'unknown-component': { kind: 'bad_request', title: vi.problem.validation },
  'unknown-procedure': { kind: 'bad_request', title: vi.problem.validation },
  'username-taken': { kind: 'conflict', title: vi.problem.usernameTaken },
  validation: { kind: 'bad_request', title: vi.problem.validation },
  'version-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'template-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'weak-password': { kind: 'bad_request', title: vi.problem.weakPassword },
  'would-strand': { kind: 'conflict', title: vi.problem.wouldStrand },
  'workflow-invalid': { kind: 'bad_request', title: vi.problem.validation },
  'wrong-password': { kind: 'bad_request', title: vi.problem.wrongPassword },
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

/**
 * A 400 naming each field a domain rule refused: `problems` as the domain returns them (a path and
 * a code), the Vietnamese messages from the catalogue section of that domain.
 */
export function invalidFields(
  type: InvalidSlug,
  problems: readonly { field: string; code: string }[],
  messages: Record<string, string>,
): AppError {
  return problem(
    type,
    undefined,
    problems.map((p) => ({ field: `body.${p.field}`, message: messages[p.code] ?? p.code })),
  );
}

/** The problems that name each refused field. */
type InvalidSlug = Extract<ProblemSlug, `${string}-invalid`>;
