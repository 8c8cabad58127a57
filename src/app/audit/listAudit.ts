import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { hasNationalReach, requireStaff } from '../access/require.js';
import { withinReach } from '../access/reach.js';
import { inTransaction, type AppContext } from '../context.js';
import { decodeCursor, toPage, type Page, type PageRequest } from '../pagination.js';

export interface AuditView {
  seq: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  agencyCode: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}

export interface AuditQuery extends PageRequest {
  action?: string | undefined;
  actor?: string | undefined;
  agency?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The audit trail, newest first, as far as the actor's reach goes. Rows about no agency (e.g. a
 * failed sign-in with an unknown name) are visible to national reach only.
 */
export function listAudit(ctx: AppContext, actor: Actor, query: AuditQuery): Promise<Page<AuditView>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const before = query.cursor === undefined ? undefined : Number(decodeCursor(query.cursor, 'seq'));
  return inTransaction(ctx, async (tx) => {
    const national = await hasNationalReach(tx, staff, 'audit.read', now);
    const rows = await tx
      .selectFrom('audit_log as l')
      .leftJoin('account as a', (j) => j.on(sql`a.id::text`, '=', sql.ref('l.actor_id')))
      .select([
        'l.seq',
        'l.at',
        'l.actor_kind',
        'l.actor_id',
        'a.username',
        'l.action',
        'l.target_kind',
        'l.target_id',
        'l.agency_code',
        'l.detail',
        'l.ip',
        'l.request_id',
      ])
      .$if(!national, (qb) => qb.where(withinReach('l.agency_code', staff.accountId, 'audit.read', now)))
      .$if(query.action !== undefined, (qb) => qb.where('l.action', 'like', `${query.action}%`))
      .$if(query.actor !== undefined, (qb) => qb.where('a.username', '=', query.actor as string))
      .$if(query.agency !== undefined, (qb) => qb.where('l.agency_code', '=', query.agency as string))
      .$if(query.from !== undefined, (qb) => qb.where('l.at', '>=', new Date(query.from as string)))
      .$if(query.to !== undefined, (qb) => qb.where('l.at', '<', new Date(query.to as string)))
      .$if(before !== undefined && Number.isFinite(before), (qb) => qb.where('l.seq', '<', before as number))
      .orderBy('l.seq', 'desc')
      .limit(query.limit + 1)
      .execute();
    return toPage(
      rows.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        actorUsername: r.username,
        action: r.action,
        targetKind: r.target_kind,
        targetId: r.target_id,
        agencyCode: r.agency_code,
        detail: r.detail,
        ip: r.ip,
        requestId: r.request_id,
      })),
      query.limit,
      (v) => String(v.seq),
    );
  });
}
