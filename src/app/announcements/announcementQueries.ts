import { sql, type Selectable } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { reaches, windowState, type Audience } from '../../domain/announcements/announcement.js';
import { vi } from '../../domain/i18n/vi.js';
import type { AnnouncementView, PublicAnnouncement } from '../../contracts/announcements.js';
import type { AnnouncementTable } from '../../store/schema.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';
import { publisherOf, readerOf } from './publisher.js';

type Row = Selectable<AnnouncementTable> & { publisher_name: string; province_name: string | null };

const audienceOf = (r: Row): Audience => ({
  province: r.audience_province,
  agencyKind: r.audience_agency_kind as AgencyKind | null,
  role: r.audience_role as Role | null,
});

function audienceText(r: Row): string {
  const parts = [
    r.province_name,
    r.audience_agency_kind ? vi.agencyKind[r.audience_agency_kind as AgencyKind] : null,
    r.audience_role ? vi.role[r.audience_role as Role] : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' · ') : vi.announcement.everyone;
}

/** Announcements with their publisher's and target province's names. */
function rows(tx: Tx) {
  return tx
    .selectFrom('announcement as n')
    .innerJoin('agency as p', 'p.code', 'n.publisher_agency')
    .leftJoin('admin_unit as u', (j) =>
      j.onRef('u.code', '=', 'n.audience_province').on('u.valid_to', 'is', null),
    )
    .selectAll('n')
    .select(['p.name as publisher_name', 'u.name as province_name']);
}

async function views(tx: Tx, list: Row[], accountId: string): Promise<AnnouncementView[]> {
  if (list.length === 0) return [];
  const ids = list.map((r) => r.id);
  const [reads, files] = await Promise.all([
    tx
      .selectFrom('announcement_read')
      .select(['announcement_id', 'read_at'])
      .where('account_id', '=', accountId)
      .where('announcement_id', 'in', ids)
      .execute(),
    tx
      .selectFrom('announcement_attachment')
      .select(['announcement_id', 'position', 'name', 'size_bytes'])
      .where('announcement_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  const readAt = new Map(reads.map((r) => [r.announcement_id, r.read_at.toISOString()]));
  return list.map((r) => ({
    id: r.id,
    kind: r.kind,
    importance: r.importance,
    title: r.title,
    body: r.body,
    audience: audienceOf(r),
    audienceText: audienceText(r),
    public: r.public,
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to.toISOString(),
    window:
      r.window_from && r.window_to
        ? { from: r.window_from.toISOString(), to: r.window_to.toISOString() }
        : null,
    publisher: { code: r.publisher_agency, name: r.publisher_name },
    publishedAt: r.published_at.toISOString(),
    withdrawn: r.withdrawn_at !== null,
    attachments: files
      .filter((f) => f.announcement_id === r.id)
      .map((f) => ({ position: f.position, name: f.name, size: Number(f.size_bytes) })),
    readAt: readAt.get(r.id) ?? null,
  }));
}

export async function announcementById(tx: Tx, id: string, accountId: string): Promise<AnnouncementView> {
  const row = await rows(tx).where('n.id', '=', id).executeTakeFirst();
  if (!row) throw problem('not-found');
  return (await views(tx, [row], accountId))[0] as AnnouncementView;
}

/** Those in force at `now` whose audience includes the official, most important and newest first. */
async function forReader(tx: Tx, accountId: string, now: Date): Promise<Row[]> {
  const reader = await readerOf(tx, accountId, now);
  const list = await rows(tx)
    .where('n.withdrawn_at', 'is', null)
    .where('n.valid_from', '<=', now)
    .where('n.valid_to', '>', now)
    .orderBy(sql`CASE n.importance WHEN 'urgent' THEN 0 WHEN 'important' THEN 1 ELSE 2 END`)
    .orderBy('n.published_at', 'desc')
    .execute();
  return list.filter((r) => reaches(audienceOf(r), reader));
}

/**
 * An official's notices (`mine`: in force and meant for them; `unread`: not yet marked read), or
 * what their publishing authority has published (`published`, withdrawn ones included).
 */
export function listAnnouncements(
  ctx: AppContext,
  actor: Actor,
  query: { view: 'mine' | 'published'; unread?: 'true' },
): Promise<AnnouncementView[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (query.view === 'published') {
      const { publisher, agencyCode } = await publisherOf(tx, staff, now);
      let q = rows(tx).orderBy('n.published_at', 'desc').limit(200);
      if (publisher.level !== 'system') q = q.where('n.publisher_agency', '=', agencyCode);
      return views(tx, await q.execute(), staff.accountId);
    }
    const list = await views(tx, await forReader(tx, staff.accountId, now), staff.accountId);
    return query.unread ? list.filter((a) => a.readAt === null) : list;
  });
}

/** Marks a notice read by the official (only one meant for them); reading twice changes nothing. */
export function markAnnouncementRead(ctx: AppContext, actor: Actor, id: string): Promise<AnnouncementView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (!(await forReader(tx, staff.accountId, now)).some((r) => r.id === id)) throw problem('not-found');
    await tx
      .insertInto('announcement_read')
      .values({ announcement_id: id, account_id: staff.accountId, read_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return announcementById(tx, id, staff.accountId);
  });
}

/**
 * What anyone may read: public notices in force for everyone (or for the province asked), and
 * every maintenance window not over yet, with whether it is on now or starts within a day.
 */
export function publicAnnouncements(
  ctx: AppContext,
  province: string | undefined,
): Promise<PublicAnnouncement[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const list = await rows(tx)
      .where('n.withdrawn_at', 'is', null)
      .where((w) =>
        w.or([
          w.and([w('n.public', '=', true), w('n.valid_from', '<=', now), w('n.valid_to', '>', now)]),
          w.and([w('n.kind', '=', 'maintenance'), w('n.window_to', '>', now)]),
        ]),
      )
      .where((w) =>
        w.or([w('n.audience_province', 'is', null), w('n.audience_province', '=', province ?? '')]),
      )
      .where('n.audience_agency_kind', 'is', null)
      .where('n.audience_role', 'is', null)
      .orderBy('n.window_from')
      .orderBy('n.published_at', 'desc')
      .execute();
    return list.map((r) => {
      const window = r.window_from && r.window_to ? { from: r.window_from, to: r.window_to } : null;
      const state = window ? windowState(window, now) : null;
      return {
        id: r.id,
        kind: r.kind,
        importance: r.importance,
        title: r.title,
        body: r.body,
        window: window ? { from: window.from.toISOString(), to: window.to.toISOString() } : null,
        state: state === 'over' ? null : state,
        publisher: r.publisher_name,
      };
    });
  });
}
