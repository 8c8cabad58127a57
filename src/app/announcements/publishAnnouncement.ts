import { randomUUID } from 'node:crypto';
import { vnDayTime } from '../../domain/calendar/localDate.js';
import {
  announcementProblem,
  earliestMaintenanceStart,
  maintenanceNoticeWorkingDays,
  type Publisher,
} from '../../domain/announcements/announcement.js';
import { vi } from '../../domain/i18n/vi.js';
import type { AnnouncementBody, AnnouncementView } from '../../contracts/announcements.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { loadCalendar } from '../calendar/calendars.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';
import { announcementById } from './announcementQueries.js';
import { publisherOf } from './publisher.js';

/** The earliest start of a maintenance window announced now, on the national working calendar. */
export function earliestWindow(
  ctx: AppContext,
  actor: Actor,
): Promise<{ earliest: string; workingDays: number }> {
  requireStaff(actor);
  return inTransaction(ctx, async (tx) => ({
    earliest: earliestMaintenanceStart(await loadCalendar(tx), ctx.now()).toISOString(),
    workingDays: maintenanceNoticeWorkingDays,
  }));
}

/** Refuses what the domain refuses, naming the field and, for maintenance, the earliest start. */
async function checkDraft(tx: Tx, publisher: Publisher, body: AnnouncementBody, now: Date): Promise<void> {
  const earliest = earliestMaintenanceStart(await loadCalendar(tx), now);
  const draft = {
    kind: body.kind,
    audience: body.audience,
    validFrom: body.validFrom ? new Date(body.validFrom) : now,
    validTo: new Date(body.validTo),
    window: body.window ? { from: new Date(body.window.from), to: new Date(body.window.to) } : null,
  };
  const refused = announcementProblem(publisher, draft, earliest);
  if (refused === 'outside_province') throw problem('forbidden', vi.announcement.outsideProvince);
  if (refused === 'maintenance_too_soon') {
    const message = vi.announcement.tooSoon(maintenanceNoticeWorkingDays, vnDayTime(earliest));
    throw problem('maintenance-too-soon', message, [{ field: 'body.window.from', message }]);
  }
  if (refused)
    throw problem('announcement-invalid', undefined, [
      { field: refused === 'bad_window' ? 'body.window' : 'body.validTo', message: vi.announcement[refused] },
    ]);
  if (body.public && (body.audience.agencyKind || body.audience.role))
    throw problem('announcement-invalid', undefined, [
      { field: 'body.public', message: vi.announcement.publicAudience },
    ]);
  if (body.audience.province) {
    const unit = await tx
      .selectFrom('admin_unit')
      .select('code')
      .where('code', '=', body.audience.province)
      .where('level', '=', 'province')
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    if (!unit)
      throw problem('announcement-invalid', undefined, [
        { field: 'body.audience.province', message: vi.announcement.unknownProvince },
      ]);
  }
}

/**
 * Publishes a notice, or a planned maintenance at least five working days ahead, to its audience;
 * audited. The same Idempotency-Key from the same account returns the first notice unchanged.
 */
export function publishAnnouncement(
  ctx: AppContext,
  actor: Actor,
  body: AnnouncementBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
): Promise<{ created: boolean; view: AnnouncementView }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const key = idempotencyKey ? `${staff.accountId}:${idempotencyKey}` : null;
    const earlier = key
      ? await tx.selectFrom('announcement').select('id').where('idempotency_key', '=', key).executeTakeFirst()
      : undefined;
    if (earlier) return { created: false, view: await announcementById(tx, earlier.id, staff.accountId) };
    const { publisher, agencyCode } = await publisherOf(tx, staff, now);
    await checkDraft(tx, publisher, body, now);
    const id = randomUUID();
    await tx
      .insertInto('announcement')
      .values({
        id,
        kind: body.kind,
        importance: body.importance,
        title: body.title,
        body: body.body,
        audience_province: body.audience.province,
        audience_agency_kind: body.audience.agencyKind,
        audience_role: body.audience.role,
        public: body.public,
        valid_from: body.validFrom ? new Date(body.validFrom) : now,
        valid_to: new Date(body.validTo),
        window_from: body.window ? new Date(body.window.from) : null,
        window_to: body.window ? new Date(body.window.to) : null,
        publisher_level: publisher.level,
        publisher_agency: agencyCode,
        published_by: staff.accountId,
        published_at: now,
        idempotency_key: key,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'announcement.publish',
        targetKind: 'announcement',
        targetId: id,
        agencyCode,
        detail: { kind: body.kind, title: body.title, audience: body.audience, public: body.public },
      },
      now,
      meta,
    );
    return { created: true, view: await announcementById(tx, id, staff.accountId) };
  });
}

/** Withdraws a notice: by the agency that published it, or the system administrator; audited. */
export function withdrawAnnouncement(ctx: AppContext, actor: Actor, id: string, meta: RequestMeta) {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .selectFrom('announcement')
      .select(['publisher_agency', 'withdrawn_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw problem('not-found');
    const { publisher, agencyCode } = await publisherOf(tx, staff, now);
    if (publisher.level !== 'system' && agencyCode !== row.publisher_agency) throw problem('forbidden');
    if (!row.withdrawn_at) {
      await tx.updateTable('announcement').set({ withdrawn_at: now }).where('id', '=', id).execute();
      await recordAudit(
        tx,
        {
          actorKind: 'staff',
          actorId: staff.accountId,
          action: 'announcement.withdraw',
          targetKind: 'announcement',
          targetId: id,
          agencyCode: row.publisher_agency,
          detail: {},
        },
        now,
        meta,
      );
    }
    return announcementById(tx, id, staff.accountId);
  });
}
