import { vi } from '../../domain/i18n/vi.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { PostalOrderView, PostalRecipient } from '../../contracts/postal.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { actAsSystem } from '../dossiers/actOnDossier.js';
import { rolesAt } from '../access/rolesAt.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { problem } from '../problems.js';

const view = (r: {
  id: string;
  kind: 'delivery' | 'pickup' | 'originals';
  status: PostalOrderView['status'];
  tracking_no: string | null;
  recipient: unknown;
  events: unknown;
  created_at: Date;
}): PostalOrderView => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  trackingNo: r.tracking_no,
  recipient: r.recipient as PostalRecipient,
  events: r.events as PostalOrderView['events'],
  createdAt: r.created_at.toISOString(),
});

/**
 * A receiver sends a dossier's result by post (status 9, result issued): the delivery order and its
 * outbox message in one transaction. The result counts as returned when the carrier reports it
 * delivered.
 */
export async function sendResultByPost(
  ctx: AppContext,
  actor: Actor,
  code: string,
  recipient: PostalRecipient,
): Promise<PostalOrderView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    if (!(await rolesAt(tx, staff.accountId, d.agency_code, now)).includes('receiver'))
      throw problem('role-cannot');
    if (d.status !== 9) throw problem('action-not-allowed', vi.detail.postOnlyResolved);
    const open = await tx
      .selectFrom('postal_order')
      .select('id')
      .where('dossier_id', '=', d.id)
      .where('kind', '=', 'delivery')
      .where('status', 'not in', ['failed'])
      .executeTakeFirst();
    if (open) throw problem('postal-order-exists', vi.detail.alreadyPosted);
    const row = await tx
      .insertInto('postal_order')
      .values({
        dossier_id: d.id,
        kind: 'delivery',
        recipient: JSON.stringify(recipient),
        created_by: staff.accountId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('outbox_message')
      .values({
        dossier_id: d.id,
        destination: 'postal',
        kind: 'postal.delivery',
        payload: JSON.stringify({ orderId: row.id }),
        created_at: now,
      })
      .execute();
    await tx.updateTable('dossier').set({ delivery: 'post' }).where('id', '=', d.id).execute();
    return view(row);
  });
}

/** A dossier's postal orders, newest first. */
export function listPostalOrders(ctx: AppContext, actor: Actor, code: string): Promise<PostalOrderView[]> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, ctx.now());
    const rows = await tx
      .selectFrom('postal_order')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(view);
  });
}

const order = ['creating', 'accepted', 'picked_up', 'in_transit', 'delivered', 'failed'];

/**
 * The carrier reports a parcel's status (with the token agreed with it). The event is kept once
 * (a repeat changes nothing), the status never moves back, and a delivered result returns the
 * dossier (status 10) on the carrier's word, with the tracking number as the reference.
 */
export async function receivePostalReport(
  ctx: AppContext,
  token: string | undefined,
  given: string | undefined,
  body: { SoHieuBuuGui?: unknown; TrangThai?: unknown; GhiChu?: unknown },
): Promise<{ status: string; dossierStatus: number | null }> {
  if (!token) throw problem('not-configured');
  if (!given || !safeEqual(given, token)) throw problem('callback-rejected');
  const tracking = typeof body.SoHieuBuuGui === 'string' ? body.SoHieuBuuGui : '';
  const status = typeof body.TrangThai === 'string' && order.includes(body.TrangThai) ? body.TrangThai : null;
  if (!tracking || !status) throw problem('validation', 'SoHieuBuuGui, TrangThai');
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { rows } = await sql<{
      id: string;
      status: string;
      kind: string;
      dossier_id: string;
      events: { status: string }[];
    }>`
      SELECT id, status, kind, dossier_id, events FROM postal_order WHERE tracking_no = ${tracking} FOR UPDATE`.execute(
      tx,
    );
    const o = rows[0];
    if (!o) throw problem('not-found', vi.detail.noPostalItem(tracking));
    if (o.events.some((e) => e.status === status)) return { status: o.status, dossierStatus: null };
    const forward = order.indexOf(status) > order.indexOf(o.status);
    const events = [
      ...o.events,
      {
        status,
        at: now.toISOString(),
        note: typeof body.GhiChu === 'string' ? body.GhiChu.slice(0, 500) : '',
      },
    ];
    await tx
      .updateTable('postal_order')
      .set({
        events: JSON.stringify(events),
        ...(forward ? { status: status as PostalOrderView['status'] } : {}),
        updated_at: now,
      })
      .where('id', '=', o.id)
      .execute();
    if (status !== 'delivered' || o.kind !== 'delivery') return { status, dossierStatus: null };
    const d = await tx
      .selectFrom('dossier')
      .select(['code', 'status', 'version'])
      .where('id', '=', o.dossier_id)
      .executeTakeFirstOrThrow();
    if (d.status !== 9) return { status, dossierStatus: d.status };
    const moved = await actAsSystem(
      ctx,
      tx,
      d.code,
      { type: 'return_result', method: 'post', reference: tracking, expectedVersion: d.version },
      { role: 'receiver', source: 'postal' },
    );
    return { status, dossierStatus: moved.status };
  });
}

const digest = (s: string) => createHash('sha256').update(s).digest();
/** Compares secrets in constant time (of their digests, so lengths do not leak). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
