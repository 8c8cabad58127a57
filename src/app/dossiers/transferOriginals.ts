import { sql } from 'kysely';
import { componentsOf } from '../../domain/catalog/procedureVersion.js';
import type { ReceivedComponent } from '../../domain/dossier/intakeRules.js';
import { enqueue } from '../outbox/enqueue.js';
import type { Effect } from './transitionEffect.js';

/** What a dossier received across boundaries keeps of where it was received and for whom. */
export interface CrossBoundaryFacts {
  received_by_agency?: string;
  competent_agency?: string;
  case_code?: string;
  components?: unknown;
}

/** The received components whose original the procedure requires (form: bản chính). */
function originalsOf(content: Parameters<typeof componentsOf>[0], caseCode: string, received: unknown) {
  // The row as read (a forward acts on a stored dossier): its components are parsed JSON.
  const given = received as ReceivedComponent[];
  const originals = new Set(
    componentsOf(content, caseCode)
      .filter((c) => c.form === 'ban_chinh')
      .map((c) => c.code),
  );
  return given.filter((g) => g.copies > 0 && originals.has(g.code)).map((g) => g.code);
}

/**
 * A dossier received across boundaries leaves the receiving agency for its competent one
 * electronically, with its scans; the original papers the procedure requires follow by the public
 * postal service, once: an order to the competent agency, whose tracking number the carrier gives.
 */
export const sendOriginalsByPost: Effect = async (_ctx, tx, t) => {
  const d = t.dossier as typeof t.dossier & CrossBoundaryFacts;
  if (!d.competent_agency || d.competent_agency === d.received_by_agency) return;
  if (!t.entries.some((a) => a.type === 'forward')) return;
  if (t.state.agencyCode === d.received_by_agency) return;
  const codes = originalsOf(t.content, d.case_code ?? '', d.components ?? []);
  if (codes.length === 0) return;
  const { rows } = await sql<{ id: string }>`
    INSERT INTO postal_order (dossier_id, kind, recipient, created_at, updated_at)
    SELECT ${d.id}::uuid, 'originals',
      jsonb_build_object('name', a.name, 'phone', '', 'agencyCode', a.code, 'components', ${JSON.stringify(codes)}::jsonb,
        'address', a.name || ', ' || u.name, 'communeCode', u.code),
      ${t.now}, ${t.now}
    FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
    WHERE a.code = ${d.competent_agency}
      AND NOT EXISTS (SELECT 1 FROM postal_order o WHERE o.dossier_id = ${d.id}::uuid AND o.kind = 'originals')
    RETURNING id`.execute(tx);
  const order = rows[0];
  if (!order) return;
  await enqueue(
    tx,
    d.id,
    [{ kind: 'postal.originals', destination: 'postal', payload: { orderId: order.id } }],
    t.now,
  );
};
