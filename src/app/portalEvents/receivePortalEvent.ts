import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/text/canonicalJson.js';
import { vi } from '../../domain/i18n/vi.js';
import { verifyCallback } from '../../integrations/http/signedCallback.js';
import { parsePortalDate } from '../../integrations/dvcqg/portalMessage.js';
import { PortalEvent, portalEventKind } from '../../integrations/dvcqg/portalEvent.js';
import type { PortalEventAnswer } from '../../contracts/portalEvents.js';
import type { Actor } from '../access/actor.js';
import { requireClientScope, withinClientRegistration } from '../access/apiClients.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { keepReceivedFile } from '../documents/documents.js';
import type { FileStore } from '../files/fileStore.js';
import { dossierNotFound, problem } from '../problems.js';
import { applyReadyEvents } from './applyPortalEvent.js';
import type { StoredEvent } from '../../integrations/dvcqg/portalEvent.js';

/** How long an event waits for a missing earlier one, by default, before it is applied anyway. */
export const portalEventWaitMs = 10 * 60_000;

/** What receiving the portal's events needs besides the database. */
export interface PortalEventSettings {
  /** The secret the portal signs its events with; unset, the route answers 503. */
  secret: string | undefined;
  files: FileStore;
  maxFileBytes: number;
  /** How long an event waits for a missing earlier one before it is applied anyway. */
  gapWaitMs: number;
}

/**
 * One event from the national portal (a citizen's online supplement, withdrawal request, payment,
 * rating or message): refused unless sent with the portal's key and signed with its secret; kept
 * under the portal's event id, so that a repeat answers as the first time and changes nothing; and
 * applied in the dossier's order (an early event waits for the ones before it).
 */
export async function receivePortalEvent(
  ctx: AppContext,
  actor: Actor,
  settings: PortalEventSettings,
  headers: { signature?: string; timestamp?: string; nonce?: string },
  rawBody: string,
): Promise<PortalEventAnswer> {
  const client = requireClientScope(actor, 'portal.events');
  if (!settings.secret) throw problem('not-configured');
  const verdict = verifyCallback(settings.secret, headers, rawBody, ctx.now());
  if (verdict !== 'ok') throw problem('callback-rejected', verdict);
  const event = parseEvent(rawBody);
  const body = await withFilesKept(event, settings);
  const digest = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await tx
      .selectFrom('dossier')
      .select(['id', 'agency_code'])
      .where('code', '=', event.MaHoSo)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw dossierNotFound(event.MaHoSo);
    await withinClientRegistration(tx, client, d.agency_code);
    const earlier = await tx
      .selectFrom('portal_event')
      .select(['dossier_id', 'digest', 'state', 'outcome'])
      .where('event_id', '=', event.MaSuKien)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.digest !== digest || earlier.dossier_id !== d.id)
        throw problem('portal-event-conflict', vi.portalEvent.conflict);
      return { eventId: event.MaSuKien, state: earlier.state, reason: earlier.outcome, repeated: true };
    }
    await insertPending(tx, { event, body, digest, dossierId: d.id, clientId: client.clientId, now });
    await applyReadyEvents(ctx, tx, d.id, now, settings.gapWaitMs);
    return answerOf(tx, event.MaSuKien);
  });
}

function parseEvent(rawBody: string): PortalEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw problem('malformed-json');
  }
  const parsed = PortalEvent.safeParse(json);
  if (!parsed.success)
    throw problem(
      'validation',
      undefined,
      parsed.error.issues.map((i) => ({ field: ['body', ...i.path].join('.'), message: i.message })),
    );
  if (!parsePortalDate(parsed.data.ThoiDiem))
    throw problem('validation', undefined, [{ field: 'body.ThoiDiem', message: vi.problem.validation }]);
  return parsed.data;
}

/**
 * The event as kept: a supplement's files checked and put in the file store like any upload (a
 * refused file refuses the event, before anything is recorded), their contents replaced by what
 * the document rows need.
 */
async function withFilesKept(event: PortalEvent, settings: PortalEventSettings): Promise<StoredEvent> {
  if (event.LoaiSuKien !== 'BoSung') return event;
  const files = [];
  for (const f of event.NoiDung.TepDinhKem) {
    const kept = await keepReceivedFile(
      settings.files,
      Buffer.from(f.NoiDungBase64, 'base64'),
      f.TenTep,
      settings.maxFileBytes,
    );
    files.push({ MaThanhPhan: f.MaThanhPhan, ...kept });
  }
  return { ...event, NoiDung: { ...event.NoiDung, TepDinhKem: files } };
}

async function insertPending(
  tx: Tx,
  e: {
    event: PortalEvent;
    body: StoredEvent;
    digest: string;
    dossierId: string;
    clientId: string;
    now: Date;
  },
): Promise<void> {
  const taken = await tx
    .selectFrom('portal_event')
    .select('event_id')
    .where('dossier_id', '=', e.dossierId)
    .where('seq', '=', e.event.SoThuTu)
    .executeTakeFirst();
  if (taken) throw problem('portal-event-conflict', vi.portalEvent.conflict);
  await tx
    .insertInto('portal_event')
    .values({
      event_id: e.event.MaSuKien,
      dossier_id: e.dossierId,
      seq: e.event.SoThuTu,
      kind: portalEventKind[e.event.LoaiSuKien],
      occurred_at: parsePortalDate(e.event.ThoiDiem) as Date,
      received_at: e.now,
      client_id: e.clientId,
      body: JSON.stringify(e.body),
      digest: e.digest,
      state: 'pending',
    })
    .execute();
}

async function answerOf(tx: Tx, eventId: string): Promise<PortalEventAnswer> {
  const r = await tx
    .selectFrom('portal_event')
    .select(['state', 'outcome'])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return { eventId, state: r.state, reason: r.outcome, repeated: false };
}
