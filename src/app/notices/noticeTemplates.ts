import { sql } from 'kysely';
import { vi } from '../../domain/i18n/vi.js';
import {
  checkTemplate,
  defaultTemplates,
  noticeEvents,
  type NoticeEvent,
  type NoticeTemplate,
} from '../../domain/notifications/applicantNotice.js';
import type { NoticeTemplatesView } from '../../contracts/notices.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff, type StaffActor } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';

/** The procedure's ministry, or 404. */
async function ministryOf(tx: Tx, procedureCode: string): Promise<string> {
  const p = await tx
    .selectFrom('procedure')
    .select('ministry_code')
    .where('code', '=', procedureCode)
    .executeTakeFirst();
  if (!p) throw problem('not-found', vi.detail.noProcedure(procedureCode));
  return p.ministry_code;
}

/** The province's people's committee, or 404 when there is no such province. */
async function provinceCommittee(tx: Tx, provinceCode: string): Promise<string> {
  const c = await tx
    .selectFrom('agency as a')
    .innerJoin('admin_unit as u', 'u.code', 'a.admin_unit_code')
    .select('a.code')
    .where('a.admin_unit_code', '=', provinceCode)
    .where('a.kind', '=', 'province_committee')
    .where('u.level', '=', 'province')
    .where('u.valid_to', 'is', null)
    .executeTakeFirst();
  if (!c) throw problem('not-found', vi.notice.notProvince(provinceCode));
  return c.code;
}

/** Who may write here: the ministry's catalogue administrators, or the province's administrators. */
async function mayEdit(tx: Tx, staff: StaffActor, ministry: string, province: string | null, now: Date) {
  return province === null
    ? agencyInReach(tx, staff, 'catalog.manage', ministry, now)
    : agencyInReach(tx, staff, 'binding.manage', await provinceCommittee(tx, province), now);
}

/**
 * The notice words of a procedure, event by event: the ministry's, a province's override (when a
 * province is named), which is in force, and their versions, newest first; the province's SMS
 * brandname; and whether the reader may change them.
 */
export function listNoticeTemplates(
  ctx: AppContext,
  actor: Actor,
  procedureCode: string,
  provinceCode: string | null,
): Promise<NoticeTemplatesView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const ministry = await ministryOf(tx, procedureCode);
    if (provinceCode !== null) await provinceCommittee(tx, provinceCode);
    const rows = await tx
      .selectFrom('notice_template as n')
      .innerJoin('account as a', 'a.id', 'n.created_by')
      .select([
        'n.event',
        'n.province_code',
        'n.version',
        'n.text',
        'n.subject',
        'n.created_at',
        'a.full_name',
      ])
      .where('n.procedure_code', '=', procedureCode)
      .where((eb) =>
        provinceCode === null
          ? eb('n.province_code', 'is', null)
          : eb.or([eb('n.province_code', 'is', null), eb('n.province_code', '=', provinceCode)]),
      )
      .orderBy('n.version', 'desc')
      .execute();
    const version = (r: (typeof rows)[number]) => ({
      version: r.version,
      text: r.text,
      subject: r.subject,
      savedAt: r.created_at.toISOString(),
      savedBy: r.full_name,
    });
    const events = noticeEvents.map((event) => {
      const mine = rows.filter((r) => r.event === event);
      const ministryRows = mine.filter((r) => r.province_code === null);
      const provinceRows = mine.filter((r) => r.province_code !== null);
      const inForce = provinceRows[0] ?? ministryRows[0];
      return {
        event,
        inForce: inForce ? { text: inForce.text, subject: inForce.subject } : defaultTemplates[event],
        source: provinceRows[0]
          ? ('province' as const)
          : ministryRows[0]
            ? ('ministry' as const)
            : ('default' as const),
        ministry: ministryRows.slice(0, 10).map(version),
        province: provinceRows.slice(0, 10).map(version),
      };
    });
    const brand =
      provinceCode === null
        ? undefined
        : await tx
            .selectFrom('province_sms_brandname')
            .select('brandname')
            .where('province_code', '=', provinceCode)
            .executeTakeFirst();
    return {
      procedureCode,
      provinceCode,
      events,
      brandname: brand?.brandname ?? null,
      canEditMinistry: await mayEdit(tx, staff, ministry, null, now),
      canEditProvince: provinceCode === null ? false : await mayEdit(tx, staff, ministry, provinceCode, now),
    };
  });
}

/**
 * Saves a notice's words as the next version: the ministry's for the procedure, or (with a
 * province) that province's override. Checked (placeholders, SMS length at the longest values),
 * audited; in force for the next notice sent.
 */
export function saveNoticeTemplate(
  ctx: AppContext,
  actor: Actor,
  procedureCode: string,
  event: NoticeEvent,
  input: NoticeTemplate & { provinceCode: string | null },
  meta: RequestMeta,
): Promise<{ version: number }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const ministry = await ministryOf(tx, procedureCode);
    if (!(await mayEdit(tx, staff, ministry, input.provinceCode, now)))
      throw problem(
        'outside-reach',
        input.provinceCode ? vi.detail.areaOutsideReach : vi.detail.onlyMinistryVersions,
      );
    const template = { text: input.text.trim(), subject: input.subject.trim() };
    const problems = checkTemplate(template);
    if (problems.length > 0)
      throw problem(
        'template-invalid',
        undefined,
        problems.map((p) => ({
          field: `body.${p.field}`,
          message: (vi.notice.problem[p.code] as (d: string) => string)(p.detail ?? ''),
        })),
      );
    const scope = `notice:${procedureCode}:${event}:${input.provinceCode ?? ''}`;
    await sql`SELECT pg_advisory_xact_lock(hashtext(${scope}))`.execute(tx);
    const last = await tx
      .selectFrom('notice_template')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('procedure_code', '=', procedureCode)
      .where('event', '=', event)
      .where((eb) =>
        input.provinceCode === null
          ? eb('province_code', 'is', null)
          : eb('province_code', '=', input.provinceCode),
      )
      .executeTakeFirst();
    const version = (last?.v ?? 0) + 1;
    await tx
      .insertInto('notice_template')
      .values({
        procedure_code: procedureCode,
        province_code: input.provinceCode,
        event,
        version,
        ...template,
        created_by: staff.accountId,
        created_at: now,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'notice_template.saved',
        targetKind: 'procedure',
        targetId: procedureCode,
        agencyCode: input.provinceCode ? await provinceCommittee(tx, input.provinceCode) : ministry,
        detail: { event, province: input.provinceCode, version, ...template },
      },
      now,
      meta,
    );
    return { version };
  });
}

/** A province's SMS brandname (null: the installation's), and whether the reader may change it. */
export function getSmsBrandname(
  ctx: AppContext,
  actor: Actor,
  provinceCode: string,
): Promise<{ brandname: string | null; canEdit: boolean }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const committee = await provinceCommittee(tx, provinceCode);
    const row = await tx
      .selectFrom('province_sms_brandname')
      .select('brandname')
      .where('province_code', '=', provinceCode)
      .executeTakeFirst();
    return {
      brandname: row?.brandname ?? null,
      canEdit: await agencyInReach(tx, staff, 'binding.manage', committee, now),
    };
  });
}

/** A province's administrator sets the SMS brandname its notices are sent from (audited). */
export function setSmsBrandname(
  ctx: AppContext,
  actor: Actor,
  provinceCode: string,
  brandname: string,
  meta: RequestMeta,
): Promise<{ brandname: string }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const committee = await provinceCommittee(tx, provinceCode);
    if (!(await agencyInReach(tx, staff, 'binding.manage', committee, now)))
      throw problem('outside-reach', vi.detail.areaOutsideReach);
    if (!/^[A-Za-z0-9 ._-]{1,11}$/.test(brandname))
      throw problem('validation', undefined, [{ field: 'body.brandname', message: vi.notice.brandname }]);
    const row = { brandname, updated_by: staff.accountId, updated_at: now };
    await tx
      .insertInto('province_sms_brandname')
      .values({ province_code: provinceCode, ...row })
      .onConflict((oc) => oc.column('province_code').doUpdateSet(row))
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'sms_brandname.set',
        targetKind: 'province',
        targetId: provinceCode,
        agencyCode: committee,
        detail: { brandname },
      },
      now,
      meta,
    );
    return { brandname };
  });
}
