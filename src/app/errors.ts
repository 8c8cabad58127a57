/** A field that was wrong, for the `errors` list of a problem+json answer. */
export interface FieldError {
  field: string;
  message: string;
}

export type AppErrorKind =
  | 'bad_request'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'too_large'
  | 'unsupported_media'
  | 'unavailable';

/** A failure the caller can act on; the HTTP layer maps its kind to a status and problem type. */
export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    /** Stable, machine-readable slug, becomes the problem `type`. */
    readonly code: string,
    /** Vietnamese title shown to people. */
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }
}
