import type { Readable } from 'node:stream';
import { vi } from '../../domain/i18n/vi.js';
import type { AnnouncementView } from '../../contracts/announcements.js';
import type { Actor } from '../access/actor.js';
import { requireStaff, type StaffActor } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { keepReceivedFile } from '../documents/documents.js';
import type { FileStore } from '../files/fileStore.js';
import { problem } from '../problems.js';
import { announcementById, listAnnouncements } from './announcementQueries.js';
import { authorityOf, publisherOf } from './publisher.js';

/** At most this many files on one notice. */
export const maxAttachments = 5;

/**
 * Attaches a file (a decision, a guide, a form) to a notice its agency published. The bytes are
 * checked as a dossier's upload is (what they are, active content, size) and kept by their hash.
 */
export async function attachToAnnouncement(
  ctx: AppContext,
  files: FileStore,
  actor: Actor,
  id: string,
  upload: { name: string; bytes: Buffer },
  maxBytes: number,
  meta: RequestMeta,
): Promise<AnnouncementView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const owner = await inTransaction(ctx, async (tx) => {
    const row = await tx
      .selectFrom('announcement')
      .select('publisher_agency')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw problem('not-found');
    const { publisher, agencyCode } = await publisherOf(tx, staff, now);
    if (publisher.level !== 'system' && agencyCode !== row.publisher_agency) throw problem('forbidden');
    return row.publisher_agency;
  });
  const kept = await keepReceivedFile(files, upload.bytes, upload.name, maxBytes);
  return inTransaction(ctx, async (tx) => {
    const { n } = await tx
      .selectFrom('announcement_attachment')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('announcement_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= maxAttachments)
      throw problem('announcement-invalid', vi.announcement.tooManyFiles(maxAttachments));
    await tx
      .insertInto('announcement_attachment')
      .values({
        announcement_id: id,
        position: Number(n) + 1,
        name: kept.file_name,
        media_type: kept.content_type,
        sha256: kept.sha256,
        size_bytes: kept.size,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'announcement.attach',
        targetKind: 'announcement',
        targetId: id,
        agencyCode: owner,
        detail: { name: kept.file_name, sha256: kept.sha256 },
      },
      now,
      meta,
    );
    return announcementById(tx, id, staff.accountId);
  });
}

/**
 * A notice's attachment, for whoever may read the notice: an official it is meant for, its
 * publishing authority, or anyone when it is public.
 */
export async function openAnnouncementFile(
  ctx: AppContext,
  files: FileStore,
  actor: Actor,
  id: string,
  position: number,
): Promise<{ name: string; mediaType: string; size: number; content: Readable }> {
  const now = ctx.now();
  const notice = await ctx.db
    .selectFrom('announcement')
    .select(['public', 'valid_from', 'valid_to', 'withdrawn_at', 'publisher_agency'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!notice) throw problem('not-found');
  const isPublic = notice.public && !notice.withdrawn_at && notice.valid_from <= now && notice.valid_to > now;
  const published = async (staff: StaffActor) => {
    const authority = await inTransaction(ctx, (tx) => authorityOf(tx, staff, now));
    return authority?.publisher.level === 'system' || authority?.agencyCode === notice.publisher_agency;
  };
  const readable =
    isPublic ||
    (actor.kind === 'staff' &&
      ((await published(actor)) ||
        (await listAnnouncements(ctx, actor, { view: 'mine' })).some((a) => a.id === id)));
  if (!readable) throw problem('not-found');
  const file = await ctx.db
    .selectFrom('announcement_attachment')
    .select(['name', 'media_type', 'sha256', 'size_bytes'])
    .where('announcement_id', '=', id)
    .where('position', '=', position)
    .executeTakeFirst();
  if (!file) throw problem('not-found');
  return {
    name: file.name,
    mediaType: file.media_type,
    size: Number(file.size_bytes),
    content: files.open(file.sha256),
  };
}
