import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkExport, type ExportCheck } from '../../src/app/migration/checkExport.js';

const sample = join(import.meta.dirname, '../../../shared/data/provincial-export/sample');

interface Manifest {
  hoso: {
    by_status: Record<string, number>;
    by_status_valid: Record<string, number>;
    by_channel: Record<string, number>;
    by_procedure: Record<string, number>;
    in_flight: number;
    in_flight_paused: number;
    in_flight_overdue_2_4: number;
    finished_late: number;
    soft_deleted: number;
    rows_total: number;
  };
  history: {
    duplicate_of: [string, string][];
    rows_total: number;
    soft_deleted: number;
    orphan_rows: number;
  };
  invalid: {
    unknown_procedure: string[];
    orphan_history: string[];
    impossible_date: { file: string; MaHoSo: string; column: string; value: string }[];
    status_out_of_range: string[];
  };
  attachments: { referenced_paths: number; missing_files: string[] };
  generator: { as_of: string };
}

/**
 * The dry run over the shared sample export (issue 20's acceptance): it lists exactly the invalid
 * rows of the sample's manifest, and its counts are the manifest's. The manifest is the oracle,
 * written by the sample's generator from the rules in its `counting_rules`.
 */
describe(
  'migrate-in check: the shared sample export against its manifest',
  { skip: !existsSync(sample) },
  () => {
    let m: Manifest;
    let report: ExportCheck;

    before(async () => {
      m = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as Manifest;
      report = await checkExport(sample, { asOf: m.generator.as_of.slice(0, 10) });
    });

    it('reads every file without a problem', () => {
      assert.deepEqual(report.problems, []);
      assert.equal(report.check.source.dossiers, m.hoso.rows_total);
      assert.equal(report.check.source.history, m.history.rows_total);
    });

    it('refuses exactly the invalid rows of the manifest, each with its reason', () => {
      const of = (reason: string) =>
        report.check.refused
          .filter((r) => r.reason === reason)
          .map((r) => (r.file === 'HoSos.csv' ? r.key : r));
      assert.deepEqual(of('unknown_procedure').sort(), [...m.invalid.unknown_procedure].sort());
      assert.deepEqual(of('status_out_of_range').sort(), [...m.invalid.status_out_of_range].sort());
      assert.deepEqual(
        report.check.refused
          .filter((r) => r.reason === 'impossible_date')
          .map((r) => ({ file: r.file, MaHoSo: r.key, column: r.column, value: r.value }))
          .sort((a, b) => a.MaHoSo.localeCompare(b.MaHoSo)),
        [...m.invalid.impossible_date].sort((a, b) => a.MaHoSo.localeCompare(b.MaHoSo)),
      );
      const orphanIds = report.orphanHistoryIds;
      assert.deepEqual(orphanIds.sort(), [...m.invalid.orphan_history].sort());
      const known = new Set([
        'unknown_procedure',
        'status_out_of_range',
        'impossible_date',
        'orphan_history',
      ]);
      assert.deepEqual(
        report.check.refused.filter((r) => !known.has(r.reason)),
        [],
        'no other refusal',
      );
    });

    it('counts by status, channel and procedure, in flight, overdue and late as the manifest does', () => {
      const c = report.check;
      assert.deepEqual(c.byStatus.source, m.hoso.by_status);
      assert.deepEqual(c.byStatus.valid, m.hoso.by_status_valid);
      assert.deepEqual(c.byChannel, m.hoso.by_channel);
      assert.deepEqual(c.byProcedure, m.hoso.by_procedure);
      assert.equal(c.inFlight, m.hoso.in_flight);
      assert.equal(c.inFlightPaused, m.hoso.in_flight_paused);
      assert.equal(c.inFlightOverdue, m.hoso.in_flight_overdue_2_4);
      assert.equal(c.finishedLate, m.hoso.finished_late);
      assert.equal(c.softDeleted, m.hoso.soft_deleted);
    });

    it('finds the duplicated, soft-deleted and orphaned history rows', () => {
      const h = report.check.history;
      assert.deepEqual(
        h.duplicates.map((p) => p.join(' ')).sort(),
        m.history.duplicate_of.map((p) => p.join(' ')).sort(),
      );
      assert.equal(h.softDeleted, m.history.soft_deleted);
      assert.equal(h.orphans, m.history.orphan_rows);
    });

    it('names the attachment files the rows reference and the export lacks', () => {
      assert.equal(report.attachments.referenced, m.attachments.referenced_paths);
      assert.deepEqual([...report.attachments.missing].sort(), [...m.attachments.missing_files].sort());
    });
  },
);
