import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { vi } from '../../domain/i18n/vi.js';
import type { SupportContact, SupportContactBody } from '../../contracts/support.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { grantInForce } from '../access/grantsInForce.js';
import { provinceOfAgency } from '../access/agencyProvince.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';
import { publisherOf } from '../announcements/publisher.js';

interface Row {
  id: string;
  area_kind: 'national' | 'province' | 'ministry';
  area_code: string | null;
  area_name: string | null;
  name: string;
  unit: string;
  phone: string;
  email: string | null;
  hours: string;
  channel: string | null;
  updated_at: Date;
}

const view = (r: Row): SupportContact => ({
  id: r.id,
  areaKind: r.area_kind,
  areaCode: r.area_code,
  areaName: r.area_name ?? vi.support.national,
  name: r.name,
  unit: r.unit,
  phone: r.phone,
  email: r.email,
  hours: r.hours,
  channel: r.channel,
  updatedAt: r.updated_at.toISOString(),
});

const contactRows = (tx: Tx, where: ReturnType<typeof sql>) =>
  sql<Row>`
    SELECT c.*, coalesce(u.name, a.name) AS area_name FROM support_contact c
    LEFT JOIN admin_unit u ON c.area_kind = 'province' AND u.code = c.area_code AND u.valid_to IS NULL
    LEFT JOIN agency a ON c.area_kind = 'ministry' AND a.code = c.area_code
    WHERE ${where}
    ORDER BY CASE c.area_kind WHEN 'province' THEN 0 WHEN 'ministry' THEN 1 ELSE 2 END, area_name, c.name`.execute(
    tx,
  );

/** Every focal point (the help page's full register), or those of one area. */
export function listSupportContacts(ctx: AppContext): Promise<SupportContact[]> {
  return inTransaction(ctx, async (tx) => (await contactRows(tx, sql`true`)).rows.map(view));
}

/**
 * The focal points for the caller's own area: the province of each of their grants in local
 * government (a ministry sits in Hà Nội but is not Hà Nội's), the ministry
 * over each, and the national desk (an anonymous caller: the national desk).
 */
export function supportForMe(ctx: AppContext, actor: Actor): Promise<SupportContact[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (actor.kind !== 'staff') return (await contactRows(tx, sql`c.area_kind = 'national'`)).rows.map(view);
    const mine = sql`(SELECT g.agency_code, a.parent_code, a.admin_unit_code, a.kind FROM role_grant g
      JOIN agency a ON a.code = g.agency_code WHERE g.account_id = ${actor.accountId}::uuid
      AND ${grantInForce('g', now)})`;
    const { rows } = await contactRows(
      tx,
      sql`c.area_kind = 'national'
        OR (c.area_kind = 'ministry' AND c.area_code IN (SELECT agency_code FROM ${mine} m UNION SELECT parent_code FROM ${mine} m))
        OR (c.area_kind = 'province' AND c.area_code IN (
          SELECT ${provinceOfAgency('m')} FROM ${mine} m))`,
    );
    return rows.map(view);
  });
}

/** Whether the administrator may keep the register of an area: their own, or any for the nation's. */
async function checkArea(
  tx: Tx,
  actor: ReturnType<typeof requireStaff>,
  body: SupportContactBody,
  now: Date,
) {
  const { publisher, agencyCode } = await publisherOf(tx, actor, now);
  const own =
    publisher.level === 'system' ||
    (publisher.level === 'province' &&
      body.areaKind === 'province' &&
      body.areaCode === publisher.province) ||
    (publisher.level === 'ministry' && body.areaKind === 'ministry' && body.areaCode === agencyCode);
  if (!own) throw problem('forbidden', vi.support.notYourArea);
  if ((body.areaKind === 'national') !== (body.areaCode === null))
    throw problem('validation', undefined, [{ field: 'body.areaCode', message: vi.support.areaCode }]);
  return agencyCode;
}

/** Adds a focal point (`id` absent) or replaces one; audited. */
export function saveSupportContact(
  ctx: AppContext,
  actor: Actor,
  id: string | null,
  body: SupportContactBody,
  meta: RequestMeta,
): Promise<SupportContact> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const agencyCode = await checkArea(tx, staff, body, now);
    const values = {
      area_kind: body.areaKind,
      area_code: body.areaCode,
      name: body.name,
      unit: body.unit,
      phone: body.phone,
      email: body.email,
      hours: body.hours,
      channel: body.channel,
      updated_by: staff.accountId,
      updated_at: now,
    };
    const key = id ?? randomUUID();
    if (id) {
      const old = await tx.selectFrom('support_contact').selectAll().where('id', '=', id).executeTakeFirst();
      if (!old) throw problem('not-found');
      await checkArea(tx, staff, { ...body, areaKind: old.area_kind, areaCode: old.area_code }, now);
      await tx.updateTable('support_contact').set(values).where('id', '=', id).execute();
    } else
      await tx
        .insertInto('support_contact')
        .values({ id: key, ...values })
        .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: id ? 'support.contact.update' : 'support.contact.add',
        targetKind: 'support_contact',
        targetId: key,
        agencyCode,
        detail: { area: body.areaKind, code: body.areaCode, name: body.name },
      },
      now,
      meta,
    );
    const row = (await contactRows(tx, sql`c.id = ${key}::uuid`)).rows[0];
    return view(row as Row);
  });
}
