import { sql, type Selectable } from 'kysely';
import type { PortalReconciliationTable } from '../../store/schema.js';
import type { PortalClient, PortalListing } from '../../integrations/dvcqg/portalClient.js';
import type { Actor } from '../access/actor.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { requireOperator } from './requireOperator.js';
import { portalDate, ratingLevel, type RatingLevel } from '../../integrations/dvcqg/portalMessage.js';
import { problem } from '../problems.js';

export interface ReconciliationReport {
  id: string;
  day: string;
  ranAt: string;
  trigger: 'schedule' | 'operator';
  ours: number;
  theirs: number;
  missing: string[];
  duplicates: string[];
  mismatched: { code: string; ours: number; theirs: number; fields?: string[] }[];
  unknown: string[];
  inFlight: number;
  byAgency: Record<string, { ours: number; theirs: number; missing: number; mismatched: number }>;
  requeued: number;
}

interface Ours {
  id: string;
  code: string;
  status: number;
  agency_code: string;
  in_flight: boolean;
  due_at: Date | null;
  paid: boolean;
  documents: number;
  results: number;
  rating: RatingLevel | null;
}

type Listed = PortalListing[number];

/** The fields of the portal's listing that differ from ours (those it gives). */
export function differingFields(o: Ours, t: Listed): string[] {
  const ours: Partial<Record<keyof Listed, string | number>> = {
    TrangThaiHoSo: o.status,
    NgayHenTra: o.due_at ? portalDate(o.due_at) : '',
    DaThanhToan: o.paid ? 1 : 0,
    SoTaiLieu: Number(o.documents),
    SoKetQua: Number(o.results),
    MucDoHaiLong: o.rating ? ratingLevel[o.rating] : 0,
  };
  return (Object.keys(ours) as (keyof Listed)[]).filter((f) => t[f] !== undefined && t[f] !== ours[f]);
}

/** What the comparison found, before anything is re-queued (pure, tested on its own). */
export function compareWithPortal(ours: readonly Ours[], theirs: PortalListing) {
  const held = new Map<string, PortalListing>();
  for (const t of theirs) held.set(t.MaHoSo, [...(held.get(t.MaHoSo) ?? []), t]);
  const known = new Set(ours.map((o) => o.code));
  const missing: Ours[] = [];
  const mismatched: { dossier: Ours; theirs: number; fields: string[] }[] = [];
  const byAgency: ReconciliationReport['byAgency'] = {};
  const tally = (agency: string) => (byAgency[agency] ??= { ours: 0, theirs: 0, missing: 0, mismatched: 0 });
  for (const t of theirs) tally(t.MaDonViXuLy).theirs++;
  let inFlight = 0;
  for (const o of ours) {
    const a = tally(o.agency_code);
    a.ours++;
    if (o.in_flight) {
      inFlight++;
      continue;
    }
    const copies = held.get(o.code);
    if (!copies) {
      missing.push(o);
      a.missing++;
    } else {
      const differing = copies.find((c) => differingFields(o, c).length > 0);
      if (!differing) continue;
      mismatched.push({ dossier: o, theirs: differing.TrangThaiHoSo, fields: differingFields(o, differing) });
      a.mismatched++;
    }
  }
  return {
    missing,
    mismatched,
    duplicates: [...held].filter(([, copies]) => copies.length > 1).map(([code]) => code),
    unknown: [...held.keys()].filter((c) => !known.has(c)),
    inFlight,
    byAgency,
  };
}

/**
 * Reconciles one day (the day dossiers were submitted, UTC+7) with the national portal: what we hold
 * against what the portal lists. Missing dossiers are sent again from the start (dossier and full
 * history), mismatched ones as they are now; dossiers with messages still on their way are counted
 * apart, not as faults. The report is kept.
 */
export async function reconcilePortalDay(
  ctx: AppContext,
  portal: PortalClient,
  day: string,
  trigger: 'schedule' | 'operator',
): Promise<ReconciliationReport> {
  let theirs: PortalListing;
  try {
    theirs = await portal.listDay(day.replaceAll('-', ''));
  } catch (e) {
    throw problem('external-unavailable', String(e));
  }
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { rows: ours } = await sql<Ours>`
      SELECT d.id, d.code, d.status, d.agency_code, d.due_at, d.payment = 'paid' AS paid,
        EXISTS (SELECT 1 FROM outbox_message m
                WHERE m.destination = 'dvcqg' AND m.dossier_id = d.id AND m.status <> 'sent') AS in_flight,
        (SELECT count(DISTINCT component_code) FROM dossier_document x
         WHERE x.dossier_id = d.id AND x.purged_at IS NULL) AS documents,
        (SELECT count(*) FROM dossier_result r WHERE r.dossier_id = d.id AND r.sha256 IS NOT NULL) AS results,
        (SELECT level FROM dossier_rating g WHERE g.dossier_id = d.id) AS rating
      FROM dossier d
      WHERE NOT d.practice AND d.submitted_at >= ${`${day}T00:00:00+07:00`}::timestamptz
        AND d.submitted_at < ${`${day}T00:00:00+07:00`}::timestamptz + INTERVAL '1 day'`.execute(tx);
    const found = compareWithPortal(ours, theirs);
    const resend = await requeue(tx, found, now);
    const row = await tx
      .insertInto('portal_reconciliation')
      .values({
        day,
        ran_at: now,
        trigger,
        ours: ours.length,
        theirs: theirs.length,
        missing: JSON.stringify(found.missing.map((m) => m.code)),
        duplicates: JSON.stringify(found.duplicates),
        mismatched: JSON.stringify(
          found.mismatched.map((m) => ({
            code: m.dossier.code,
            ours: m.dossier.status,
            theirs: m.theirs,
            fields: m.fields,
          })),
        ),
        unknown: JSON.stringify(found.unknown),
        in_flight: found.inFlight,
        by_agency: JSON.stringify(found.byAgency),
        requeued: resend,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return reportOf(row);
  });
}

/**
 * Queues the dossiers the portal lacks or shows otherwise: a missing one from the start (dossier
 * and full history), a mismatched one as it is now, whatever the portal was last seen to
 * acknowledge. Returns how many.
 */
async function requeue(tx: Tx, found: ReturnType<typeof compareWithPortal>, now: Date): Promise<number> {
  const resend = [...found.missing, ...found.mismatched.map((m) => m.dossier)];
  if (found.missing.length > 0)
    await tx
      .updateTable('portal_sync')
      .set({ acked_seq: 0, history_acked: 0, acked_digest: null })
      .where(
        'dossier_id',
        'in',
        found.missing.map((m) => m.id),
      )
      .execute();
  if (found.mismatched.length > 0)
    await tx
      .updateTable('portal_sync')
      .set({ acked_digest: null })
      .where(
        'dossier_id',
        'in',
        found.mismatched.map((m) => m.dossier.id),
      )
      .execute();
  if (resend.length > 0)
    await tx
      .insertInto('outbox_message')
      .values(
        resend.map((d) => ({
          dossier_id: d.id,
          destination: 'dvcqg',
          kind: 'dossier.resync',
          payload: JSON.stringify({ code: d.code, reason: 'reconciliation' }),
          created_at: now,
        })),
      )
      .execute();
  return resend.length;
}

type ReportRow = Selectable<PortalReconciliationTable>;

function reportOf(r: ReportRow): ReconciliationReport {
  return {
    id: r.id,
    day: r.day,
    ranAt: r.ran_at.toISOString(),
    trigger: r.trigger,
    ours: r.ours,
    theirs: r.theirs,
    missing: r.missing as string[],
    duplicates: r.duplicates as string[],
    mismatched: r.mismatched as ReconciliationReport['mismatched'],
    unknown: r.unknown as string[],
    inFlight: r.in_flight,
    byAgency: r.by_agency as ReconciliationReport['byAgency'],
    requeued: r.requeued,
  };
}

/** An operator reconciles a day now (audited). */
export async function reconcileOnDemand(
  ctx: AppContext,
  actor: Actor,
  portal: PortalClient | undefined,
  day: string,
  meta: RequestMeta,
): Promise<ReconciliationReport> {
  const staff = await requireOperator(ctx, actor);
  if (!portal) throw problem('not-configured');
  const report = await reconcilePortalDay(ctx, portal, day, 'operator');
  await inTransaction(ctx, (tx) =>
    recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'portal.reconciled',
        targetKind: 'portal_reconciliation',
        targetId: report.id,
        detail: {
          day,
          missing: report.missing.length,
          mismatched: report.mismatched.length,
          requeued: report.requeued,
        },
      },
      ctx.now(),
      meta,
    ),
  );
  return report;
}

/** The latest reports, newest first. */
export async function latestReconciliations(
  ctx: AppContext,
  actor: Actor,
  limit: number,
): Promise<ReconciliationReport[]> {
  await requireOperator(ctx, actor);
  const rows = await ctx.db
    .selectFrom('portal_reconciliation')
    .selectAll()
    .orderBy('ran_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(reportOf);
}
