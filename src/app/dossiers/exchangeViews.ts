import type { ExchangeKind, ExchangeStatus } from '../../domain/exchange/exchange.js';
import type { Tx } from '../context.js';

export interface ExchangeView {
  id: string;
  kind: ExchangeKind;
  system: { code: string; name: string };
  procedure: { code: string; name: string } | null;
  consultationId: string | null;
  status: ExchangeStatus;
  /** The other system's own code for it (its receipt). */
  remoteCode: string | null;
  answer: string | null;
  dueAt: string | null;
  events: { status: string; at: string; note: string }[];
  createdAt: string;
  updatedAt: string;
}

/** A dossier's requests to other systems (linked dossiers and consultations), oldest first. */
export async function exchangesOf(tx: Tx, dossierId: string): Promise<ExchangeView[]> {
  const rows = await tx
    .selectFrom('exchange_request as x')
    .innerJoin('exchange_system as s', 's.code', 'x.system')
    .select([
      'x.id',
      'x.kind',
      'x.system',
      's.name as system_name',
      'x.procedure_code',
      'x.procedure_name',
      'x.consultation_id',
      'x.status',
      'x.remote_code',
      'x.answer',
      'x.due_at',
      'x.events',
      'x.created_at',
      'x.updated_at',
    ])
    .where('x.dossier_id', '=', dossierId)
    .orderBy('x.created_at')
    .orderBy('x.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    system: { code: r.system, name: r.system_name },
    procedure: r.procedure_code ? { code: r.procedure_code, name: r.procedure_name ?? '' } : null,
    consultationId: r.consultation_id,
    status: r.status,
    remoteCode: r.remote_code,
    answer: r.answer,
    dueAt: r.due_at?.toISOString() ?? null,
    events: r.events as ExchangeView['events'],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
