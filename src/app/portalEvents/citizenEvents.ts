import { sql } from 'kysely';
import { vi } from '../../domain/i18n/vi.js';
import type { CitizenEventView } from '../../contracts/portalEvents.js';
import { citizenEventsOf } from '../dossiers/citizenEventViews.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { dossierToWorkOn } from '../notices/dossierMessages.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import type { FileStore } from '../files/fileStore.js';
import type { KeptEventFile, StoredEvent } from '../../integrations/dvcqg/portalEvent.js';
import type { Readable } from 'node:stream';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';
import { applyReadyEvents } from './applyPortalEvent.js';

/**
 * An official who may work on the dossier where it is marks a citizen's request or message as
 * answered (audited); it leaves the "citizens' requests" worklist.
 */
export function markEventHandled(
  ctx: AppContext,
  actor: Actor,
  code: string,
  eventId: string,
  meta: RequestMeta,
): Promise<CitizenEventView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await dossierToWorkOn(tx, staff, code, now);
    const done = await tx
      .updateTable('portal_event')
      .set({ handled_at: now, handled_by: staff.accountId })
      .where('event_id', '=', eventId)
      .where('dossier_id', '=', d.id)
      .where('attention', '=', true)
      .where('handled_at', 'is', null)
      .returning('event_id')
      .executeTakeFirst();
    if (!done) throw problem('not-found', vi.portalEvent.nothingToAnswer);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'portal_event.handled',
        targetKind: 'dossier',
        targetId: code,
        agencyCode: d.agency_code,
        detail: { eventId },
      },
      now,
      meta,
    );
    const events = await citizenEventsOf(tx, d.id);
    return events.find((e) => e.eventId === eventId) as CitizenEventView;
  });
}

/**
 * Applies the events that have waited `gapWaitMs` for a predecessor the portal never sent (run
 * every minute): a citizen's supplement is not held back for ever by a lost message before it.
 * Answers how many dossiers it released.
 */
export async function releaseWaitingEvents(ctx: AppContext, gapWaitMs: number): Promise<number> {
  const now = ctx.now();
  const waiting = await ctx.db
    .selectFrom('portal_event')
    .select('dossier_id')
    .distinct()
    .where('state', '=', sql.lit('pending'))
    .where('received_at', '<=', new Date(now.getTime() - gapWaitMs))
    .limit(500)
    .execute();
  for (const { dossier_id } of waiting)
    await inTransaction(ctx, async (tx) => {
      await tx.selectFrom('dossier').select('id').where('id', '=', dossier_id).forUpdate().execute();
      await applyReadyEvents(ctx, tx, dossier_id, now, gapWaitMs);
    });
  return waiting.length;
}

/**
 * One file a citizen sent with a supplement on the portal, for an official who may see the
 * dossier, whether the supplement was applied or refused (the event keeps it); the read is audited.
 */
export async function openEventFile(
  ctx: AppContext,
  files: FileStore,
  actor: Actor,
  code: string,
  eventId: string,
  index: number,
  meta: RequestMeta,
): Promise<{ file: KeptEventFile; content: Readable }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const file = await inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    const e = await tx
      .selectFrom('portal_event')
      .select('body')
      .where('dossier_id', '=', d.id)
      .where('event_id', '=', eventId)
      .where('kind', '=', 'supplement')
      .executeTakeFirst();
    const body = e?.body as Extract<StoredEvent, { LoaiSuKien: 'BoSung' }> | undefined;
    const f = body?.NoiDung.TepDinhKem[index];
    if (!f) throw problem('not-found', vi.detail.noDocument);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'document.read',
        targetKind: 'dossier',
        targetId: code,
        agencyCode: d.agency_code,
        detail: { eventId, index, sha256: f.sha256 },
      },
      now,
      meta,
    );
    return f;
  });
  return { file, content: files.open(file.sha256) };
}
