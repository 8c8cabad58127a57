import { basename } from 'node:path';
import { sql } from 'kysely';
import type { MigrationRunView } from '../../contracts/migration.js';
import { vi } from '../../domain/i18n/vi.js';
import type { RefusalReason } from '../../domain/migration/checkSource.js';
import type { Actor } from '../access/actor.js';
import { reachableAgencies } from '../access/reach.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import type { Reconciliation } from './reconcileImport.js';

interface Progress {
  sourceDossiers?: number;
  dossierLine?: number;
  dossierRows?: number;
  stagedLine?: number;
  documentsLine?: number;
  totals?: Partial<
    Record<'imported' | 'updated' | 'unchanged' | 'history' | 'inFlight' | 'documents' | 'results', number>
  >;
}

/** A run as stored. */
interface RunRow {
  id: string;
  province: string;
  province_name: string | null;
  source: string;
  state: MigrationRunView['state'];
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  progress: Progress;
  report: Reconciliation | null;
}

/**
 * The migration runs an administrator may follow: those of a province whose People's Committee
 * is within their reach for managing the register (a province's administrators see their own
 * province's, the system's administrators every one), newest first, with each one's progress and,
 * once done, its reconciliation.
 */
export function migrationRuns(ctx: AppContext, actor: Actor): Promise<MigrationRunView[]> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const { rows } = await sql<RunRow>`
      SELECT r.id, r.province, u.name AS province_name, r.source, r.state, r.started_at, r.updated_at,
        r.finished_at, r.progress, r.report
      FROM migration_run r LEFT JOIN admin_unit u ON u.code = r.province AND u.valid_to IS NULL
      WHERE '000.00.00.H' || r.province IN ${reachableAgencies(staff.accountId, 'agency.manage', ctx.now())}
      ORDER BY r.started_at DESC LIMIT 50`.execute(tx);
    return rows.map((r) => viewOf(r));
  });
}

function viewOf(r: RunRow): MigrationRunView {
  const t = r.progress.totals ?? {};
  const rep = r.report;
  const statuses = rep
    ? [...new Set([...Object.keys(rep.byStatus.source), ...Object.keys(rep.byStatus.imported)])].sort(
        (a, b) => Number(a) - Number(b),
      )
    : [];
  return {
    id: r.id,
    province: r.province,
    provinceName: r.province_name ?? r.province,
    export: basename(r.source),
    state: r.state,
    startedAt: r.started_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    progress: {
      sourceDossiers: r.progress.sourceDossiers ?? null,
      dossierLine: r.progress.dossierLine ?? 0,
      dossierRows: r.progress.dossierRows ?? 0,
      stagedLine: r.progress.stagedLine ?? 0,
      documentsLine: r.progress.documentsLine ?? 0,
      imported: t.imported ?? 0,
      updated: t.updated ?? 0,
      unchanged: t.unchanged ?? 0,
      history: t.history ?? 0,
      inFlight: t.inFlight ?? 0,
      documents: t.documents ?? 0,
      results: t.results ?? 0,
    },
    reconciliation: rep && {
      source: { dossiers: rep.source.dossiers, history: rep.source.history },
      imported: rep.imported,
      staysProvincial: rep.skipped.stays_provincial,
      refused: rep.refused.map((x) => ({
        file: x.file,
        row: x.row,
        key: x.key,
        reason: x.reason,
        reasonText: vi.migration.reason[x.reason as RefusalReason] ?? x.reason,
      })),
      skipped: [
        ...(['soft_deleted', 'duplicate_history', 'of_refused_dossier', 'of_deleted_dossier'] as const).map(
          (reason) => ({ reason, count: rep.skipped[reason].reduce((n, e) => n + e.count, 0) }),
        ),
        { reason: 'stays_provincial', count: rep.skipped.stays_provincial },
        { reason: 'not_written', count: rep.skipped.not_written.length },
      ],
      byStatus: statuses.map((status) => ({
        status,
        source: rep.byStatus.source[status] ?? 0,
        valid: rep.byStatus.valid[status] ?? 0,
        imported: rep.byStatus.imported[status] ?? 0,
      })),
      missingFiles: rep.attachments.missing,
      defects: rep.defects,
    },
  };
}
