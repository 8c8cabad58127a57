import { vi } from '../../../domain/i18n/vi.js';
import { sql } from 'kysely';
import type { Actor } from '../../access/actor.js';
import { requireStaff } from '../../access/require.js';
import { recordAudit, type RequestMeta } from '../../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../../context.js';
import { reachList } from '../../access/dossierVisibility.js';
import { localToday, monthOf, previousMonthOf } from '../../../domain/calendar/months.js';
import { monthlyPdf } from './monthlyPdf.js';
import { monthlySnapshot, type MonthlySnapshot, type ReportScope } from './monthlySnapshot.js';
import { monthlyWorkbook } from './monthlyWorkbook.js';
import { problem } from '../../problems.js';

export interface MonthlyReportSummary {
  id: string;
  month: string;
  scope: ReportScope;
  generatedAt: string;
  /** Null: generated on schedule. */
  generatedBy: string | null;
  total: { received: number; finished: number; late: number; onTimeRate: number | null };
}

const national: ReportScope = { kind: 'national', code: null, name: vi.report.toanQuoc };

/** Every agency, and the local agencies of each province: what a scope covers. */
async function scopes(
  tx: Tx,
): Promise<{ all: string[]; byProvince: Map<string, string[]>; names: Map<string, string> }> {
  const all = (await tx.selectFrom('agency').select('code').execute()).map((a) => a.code);
  const { rows } = await sql<{
    code: string;
    province: string;
  }>`SELECT code, province FROM agency_province`.execute(tx);
  const byProvince = new Map<string, string[]>();
  for (const r of rows) byProvince.set(r.province, [...(byProvince.get(r.province) ?? []), r.code]);
  const provinces = await tx
    .selectFrom('admin_unit')
    .select(['code', 'name'])
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .execute();
  return { all, byProvince, names: new Map(provinces.map((p) => [p.code, p.name])) };
}

/**
 * The report scopes an official may see: the nation when they reach every agency, and each
 * province whose every local agency they reach. No report is wider than the official's screens.
 */
async function visibleScopes(tx: Tx, accountId: string, now: Date) {
  const reach = new Set(await reachList(tx, accountId, now));
  const { all, byProvince, names } = await scopes(tx);
  const nation = all.every((a) => reach.has(a));
  const provinces = [...byProvince]
    .filter(([, agencies]) => agencies.every((a) => reach.has(a)))
    .map(([p]) => p);
  return { nation, provinces, all, byProvince, names };
}

const summaryOf = (r: {
  id: string;
  month: string;
  scope_kind: 'national' | 'province';
  scope_code: string;
  scope_name: string;
  generated_at: Date;
  generated_by: string | null;
  snapshot: unknown;
}): MonthlyReportSummary => {
  const s = r.snapshot as MonthlySnapshot;
  return {
    id: r.id,
    month: r.month,
    scope: { kind: r.scope_kind, code: r.scope_code || null, name: r.scope_name },
    generatedAt: new Date(r.generated_at).toISOString(),
    generatedBy: r.generated_by,
    total: {
      received: s.total.indicators.received.total,
      finished: s.total.indicators.finished.total,
      late: s.total.indicators.finished.late + s.total.indicators.inProgress.late,
      onTimeRate: s.total.indicators.rates.onTime,
    },
  };
};

/** Builds, renders and stores one report; returns its summary. */
async function generate(
  ctx: AppContext,
  tx: Tx,
  month: string,
  scope: ReportScope,
  agencies: string[],
  by: string | null,
): Promise<MonthlyReportSummary> {
  const snapshot = await monthlySnapshot(ctx, tx, month, scope, agencies);
  const [xlsx, pdf] = await Promise.all([monthlyWorkbook(snapshot), monthlyPdf(snapshot)]);
  const row = await tx
    .insertInto('monthly_report')
    .values({
      month: `${month}-01`,
      scope_kind: scope.kind,
      scope_code: scope.code ?? '',
      scope_name: scope.name,
      generated_at: ctx.now(),
      generated_by: by,
      snapshot: JSON.stringify(snapshot),
      xlsx,
      pdf,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return summaryOf({
    id: row.id,
    month,
    scope_kind: scope.kind,
    scope_code: scope.code ?? '',
    scope_name: scope.name,
    generated_at: ctx.now(),
    generated_by: by,
    snapshot,
  });
}

const previousMonth = (now: Date) => previousMonthOf(monthOf(localToday(now))).slice(0, 7);

/**
 * An official asks for a month's report now: of the nation (who reaches every agency) or of a
 * province they reach whole. The month must have ended.
 */
export function requestMonthlyReport(
  ctx: AppContext,
  actor: Actor,
  q: { month: string; province?: string | undefined },
  meta: RequestMeta,
): Promise<MonthlyReportSummary> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  if (`${q.month}-01` >= monthOf(localToday(now)))
    throw problem('validation', undefined, [
      { field: 'body.month', message: vi.report.chiLapBaoCaoChoThangDa },
    ]);
  return inTransaction(ctx, async (tx) => {
    const v = await visibleScopes(tx, staff.accountId, now);
    const province =
      q.province ?? (v.nation ? undefined : v.provinces.length === 1 ? v.provinces[0] : undefined);
    let scope: ReportScope;
    let agencies: string[];
    if (province !== undefined) {
      if (!v.provinces.includes(province)) throw problem('forbidden', vi.report.tinhNayNgoaiPhamViCuaBan);
      scope = { kind: 'province', code: province, name: v.names.get(province) ?? province };
      agencies = v.byProvince.get(province) ?? [];
    } else if (v.nation) {
      scope = national;
      agencies = v.all;
    } else throw problem('forbidden', vi.report.baoCaoThangLapChoCaNuoc);
    const summary = await generate(ctx, tx, q.month, scope, agencies, staff.accountId);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'report.generate',
        targetKind: 'monthly_report',
        targetId: summary.id,
        detail: { month: q.month, scope: scope.code ?? 'national' },
      },
      now,
      meta,
    );
    return summary;
  });
}

/** The stored reports the official may see, newest month first. */
export function listMonthlyReports(ctx: AppContext, actor: Actor): Promise<MonthlyReportSummary[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const v = await visibleScopes(tx, staff.accountId, now);
    const rows = await tx
      .selectFrom('monthly_report')
      .select([
        'id',
        sql<string>`to_char(month, 'YYYY-MM')`.as('month'),
        'scope_kind',
        'scope_code',
        'scope_name',
        'generated_at',
        'generated_by',
        'snapshot',
      ])
      .where((eb) =>
        eb.or([
          ...(v.nation ? [eb('scope_kind', '=', 'national')] : []),
          eb.and([
            eb('scope_kind', '=', 'province'),
            eb('scope_code', 'in', v.provinces.length ? v.provinces : ['']),
          ]),
        ]),
      )
      // Newest month first; in a month the nation's report, then the provinces by name, the latest first.
      .orderBy('month', 'desc')
      .orderBy(sql`scope_kind = 'national'`, 'desc')
      .orderBy('scope_name')
      .orderBy('generated_at', 'desc')
      .limit(200)
      .execute();
    return rows.map(summaryOf);
  });
}

/** One stored report's file (or its snapshot), when its scope is visible to the official. */
export function monthlyReportFile(
  ctx: AppContext,
  actor: Actor,
  id: string,
  format: 'xlsx' | 'pdf' | 'json',
): Promise<{ body: Buffer; month: string; scope: string }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const v = await visibleScopes(tx, staff.accountId, now);
    const r = await tx
      .selectFrom('monthly_report')
      .select([
        'scope_kind',
        'scope_code',
        sql<string>`to_char(month, 'YYYY-MM')`.as('month'),
        format === 'json' ? 'snapshot' : format,
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    const visible = r && (r.scope_kind === 'national' ? v.nation : v.provinces.includes(r.scope_code));
    if (!r || !visible) throw problem('not-found', vi.report.khongCoBaoCaoNay);
    const value = (r as Record<string, unknown>)[format === 'json' ? 'snapshot' : format];
    const body =
      format === 'json'
        ? Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
        : Buffer.from(value as Uint8Array);
    return { body, month: r.month, scope: r.scope_code || 'toan-quoc' };
  });
}

/**
 * On schedule: the previous month's report of the nation and of each province, once its numbers
 * are closed; a scope already reported is skipped, so running it again (or from two servers) adds
 * nothing. Returns the scopes generated.
 */
export async function generateScheduledReports(ctx: AppContext): Promise<string[]> {
  const month = previousMonth(ctx.now());
  const done: string[] = [];
  const plan = await inTransaction(ctx, async (tx) => {
    const closed = await tx
      .selectFrom('indicator_month_closed')
      .select('month')
      .where('month', '=', `${month}-01`)
      .executeTakeFirst();
    if (!closed) return null;
    const existing = await tx
      .selectFrom('monthly_report')
      .select('scope_code')
      .where('month', '=', `${month}-01`)
      .where('generated_by', 'is', null)
      .execute();
    return { existing: new Set(existing.map((e) => e.scope_code)), ...(await scopes(tx)) };
  });
  if (!plan) return done;
  const targets: [ReportScope, string[]][] = [
    [national, plan.all],
    ...[...plan.byProvince].map(
      ([code, agencies]) =>
        [{ kind: 'province', code, name: plan.names.get(code) ?? code }, agencies] as [ReportScope, string[]],
    ),
  ];
  for (const [scope, agencies] of targets) {
    if (plan.existing.has(scope.code ?? '')) continue;
    const made = await inTransaction(ctx, async (tx) => {
      // One generator per scope at a time; the unique index settles any race left.
      const { rows } = await sql<{ ok: boolean }>`
        SELECT pg_try_advisory_xact_lock(hashtext(${`motcua.report.${month}.${scope.code ?? ''}`})) AS ok`.execute(
        tx,
      );
      if (!rows[0]?.ok) return false;
      const again = await tx
        .selectFrom('monthly_report')
        .select('id')
        .where('month', '=', `${month}-01`)
        .where('scope_code', '=', scope.code ?? '')
        .where('generated_by', 'is', null)
        .executeTakeFirst();
      if (again) return false;
      await generate(ctx, tx, month, scope, agencies, null);
      return true;
    });
    if (made) done.push(scope.code ?? 'national');
  }
  return done;
}
