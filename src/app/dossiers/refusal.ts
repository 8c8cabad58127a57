import type { DossierError } from '../../domain/dossier/lifecycle.js';
import { vi } from '../../domain/i18n/vi.js';
import type { AppError } from '../errors.js';
import { problem } from '../problems.js';

/** The problem a refusal of the domain answers, with its Vietnamese message. */
export function refusal(e: DossierError): AppError {
  const message = vi.dossierProblem[e.code] ?? e.code;
  switch (e.code) {
    case 'not_allowed_in_status':
      return problem('action-not-allowed');
    case 'role_cannot':
      return problem('role-cannot');
    case 'assignee_not_at_step':
    case 'assignee_not_at_target':
      return problem('assignee-cannot', message, [{ field: 'body.assigneeId', message }]);
    case 'result_not_signed':
      return problem('result-not-signed', message);
    default:
      return problem('action-invalid', message, [{ field: 'body', message }]);
  }
}
