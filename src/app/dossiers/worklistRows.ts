import type { Selectable } from 'kysely';
import type { DossierTable } from '../../store/schema.js';
import type { Worklist } from '../../contracts/dossiers.js';

/** The columns of a worklist row. */
export const summaryColumns = [
  'd.id',
  'd.code',
  'd.channel',
  'd.procedure_code',
  'd.status',
  'd.step_code',
  'd.agency_code',
  'd.assignee_id',
  'd.applicant_name',
  'd.applicant_id_number',
  'd.submitted_at',
  'd.due_at',
  'd.step_due_at',
  'd.orphan',
  'd.version',
] as const;

type Column = (typeof summaryColumns)[number] extends `d.${infer C}` ? C : never;

/** A worklist row as read (the summary columns of the dossier). */
export type SummaryRow = Pick<Selectable<DossierTable>, Column & keyof DossierTable>;

/** Where a page starts: after the last row of the previous one (newest first). */
export interface After {
  at: Date;
  id: string;
}

/** One worklist's rows for an official, filters applied: counted, and read a page at a time. */
export interface Selection {
  count(): Promise<number>;
  /** `counted`: the selection's count when the caller has it (it may choose how the page is read). */
  page(limit: number, after?: After, counted?: number): Promise<SummaryRow[]>;
}

/** A worklist request: the queue, its filters, and the page. */
export interface ListQuery {
  queue: Worklist;
  procedure?: string | undefined;
  channel?: number | undefined;
  status?: number | undefined;
  applicant?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** due_soon: within this many working hours (default 8). */
  withinHours?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}
