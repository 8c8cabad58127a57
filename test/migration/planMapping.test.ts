import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createAppContext } from '../../src/app/context.js';
import { planMapping } from '../../src/app/migration/planMapping.js';
import { MigrationMapping } from '../../src/contracts/migration.js';
import { checkExport, mappingForCheck } from '../../src/app/migration/checkExport.js';
import type { Mapping } from '../../src/domain/migration/draftMapping.js';
import { projectRoot } from '../../src/paths.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { createSeededDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

const sample = join(projectRoot, '../shared/data/provincial-export/sample');
const csv = (path: string) =>
  parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

/**
 * The draft mapping of the shared sample (Thanh Hóa, province 38) onto motcua's register. The oracle
 * is the 2025 merger lineage read here from the seed file itself: an old commune fully or partly
 * merged into exactly one new commune maps to that commune's Trung tâm PVHCC; one split between
 * several is left for a decision with those centres as candidates; the province's People's
 * Committee maps to its own; a procedure maps when its national code is in the catalog.
 */
describe(
  `migrate-in plan: the sample's units, procedures and officials (${testEngine})`,
  { skip: !existsSync(sample) },
  () => {
    let t: TestDatabase;
    let mapping: Mapping;
    const ctx = () => createAppContext(t.database.db);

    before(async () => {
      t = await createSeededDatabase();
      await seedCatalog(createAppContext(t.database.db, { now: () => new Date('2026-01-01') }));
      ({ mapping } = await planMapping(createAppContext(t.database.db), sample, '38'));
    });
    after(() => t.drop());

    it('maps each old commune through the lineage to the centre of the commune it went into', async () => {
      const units = csv(join(projectRoot, 'seed/admin-units-2025-07-01.csv'));
      const inThanhHoa = new Set(units.filter((u) => u['parent_code'] === '38').map((u) => u['code']));
      const lineage = csv(join(projectRoot, 'seed/admin-units-lineage-2025-07-01.csv')).filter(
        (l) => l['level'] === 'commune' && inThanhHoa.has(l['new_code']),
      );
      const centres = new Map(
        (
          await t.database.db
            .selectFrom('agency')
            .select(['code', 'admin_unit_code'])
            .where('kind', '=', 'commune_service_center')
            .execute()
        ).map((a) => [a.admin_unit_code, a.code]),
      );
      const groups = csv(join(sample, 'Groups.csv')).filter(
        (g) => g['Catalog'] === 'xa-phuong' && !g['DeletedOn'],
      );
      assert.ok(groups.length > 500);
      let single = 0;
      let split = 0;
      for (const g of groups) {
        const into = [
          ...new Set(lineage.filter((l) => l['old_code'] === g['MaXa']).map((l) => l['new_code'])),
        ];
        const m = mapping.units.find((u) => u.groupCode === g['GroupCode']?.toUpperCase());
        assert.ok(m, g['GroupName']);
        if (into.length === 1) {
          single++;
          assert.equal(m.agency, centres.get(into[0] as string), `${g['GroupName']} → ${into[0]}`);
          assert.equal(m.found, 'lineage');
        } else {
          if (into.length > 1) split++;
          assert.equal(m.agency, null, `${g['GroupName']}: ${into.length} successors`);
          assert.equal(m.candidates.length, into.length);
        }
      }
      assert.ok(single > 400, `${single} mapped`);
      console.log(`  ${single} communes mapped by lineage, ${split} split between several`);
    });

    it('writes a file the review screen reads (its schema)', () => {
      assert.equal(MigrationMapping.safeParse(JSON.parse(JSON.stringify(mapping))).success, true);
    });

    it("maps the province's People's Committee, and lists the unmapped first with a reason", () => {
      const committee = mapping.units.find((u) => u.name === 'UBND tỉnh Thanh Hóa');
      assert.equal(committee?.agency, '000.00.00.H38');
      const firstMapped = mapping.units.findIndex((u) => u.found !== 'unmapped');
      assert.equal(
        firstMapped,
        mapping.unmapped.units,
        'every unmapped unit comes before the first mapped one',
      );
      // Districts ended on 1 July 2025: none maps by itself, each says why.
      for (const d of mapping.units.filter((u) => u.catalog === 'quan-huyen')) {
        assert.equal(d.agency, null);
        assert.match(d.note ?? '', /Cấp huyện/);
      }
    });

    it('maps local procedure variants to the national catalog and lists the others with candidates', () => {
      const catalog = JSON.parse(readFileSync(join(projectRoot, 'seed/catalog.json'), 'utf8')) as {
        code: string;
      }[];
      const known = new Set(catalog.map((p) => p.code));
      for (const p of mapping.procedures) {
        const national = /^(\d\.\d{6})/.exec(p.source)?.[1] ?? '';
        assert.equal(p.procedure, known.has(national) ? national : null, p.source);
      }
      assert.equal(
        mapping.procedures.find((p) => p.source === '1.001193.000.00.00.H56')?.procedure,
        '1.001193',
      );
    });

    it('with the mapping, the dry run refuses rows of unmapped units and keeps in the province what it does not receive centrally', async () => {
      const inFlight = new Set(['1', '2', '4', '5', '6', '8']);
      const live = csv(join(sample, 'HoSos.csv')).filter((r) => !r['DeletedOn'] || r['DeletedOn'] === 'NULL');
      const unitAgency = new Map(mapping.units.map((u) => [u.groupCode, u.agency]));
      const procedureOf = new Map(mapping.procedures.map((p) => [p.source, p.procedure]));
      const expectUnmapped = live
        .filter((r) => !unitAgency.get((r['DonViId'] ?? '').toUpperCase()))
        .map((r) => r['MaHoSo']);
      // A refused row is listed once, as refused (its unit unmapped, an impossible date…): the
      // rows that stay are the valid ones in flight whose procedure is not received centrally.
      const manifest = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as {
        invalid: {
          impossible_date: { MaHoSo: string }[];
          unknown_procedure: string[];
          status_out_of_range: string[];
        };
      };
      const invalid = new Set([
        ...expectUnmapped,
        ...manifest.invalid.impossible_date.map((x) => x.MaHoSo),
        ...manifest.invalid.unknown_procedure,
        ...manifest.invalid.status_out_of_range,
      ]);
      const staying = (central: Set<string>) =>
        live
          .filter((r) => !invalid.has(r['MaHoSo']))
          .filter((r) => inFlight.has(r['TrangThaiHoSoId'] ?? ''))
          .filter((r) => {
            const p = procedureOf.get(r['MaTTHC'] ?? '');
            return p && !central.has(p);
          })
          .map((r) => r['MaHoSo'])
          .sort();

      const asOf = '2025-06-30';
      let r = await checkExport(sample, { asOf, mapping: await mappingForCheck(ctx(), mapping, asOf) });
      const refusedUnits = r.check.refused.filter(
        (x) => x.reason === 'unmapped_unit' && x.file === 'HoSos.csv',
      );
      assert.ok(expectUnmapped.length > 0);
      for (const code of expectUnmapped)
        assert.ok(
          refusedUnits.some((x) => x.key === code),
          code,
        );
      assert.deepEqual(r.check.staysProvincial.map((x) => x.key).sort(), staying(new Set()));
      assert.ok(r.check.staysProvincial.length > 0);

      // Birth registration goes central in Thanh Hóa on 1 June 2025: its dossiers in flight continue here.
      await t.database.db
        .insertInto('deployment_route')
        .values({
          procedure_code: '1.001193',
          province_code: '38',
          effective_from: new Date('2025-06-01T00:00:00+07:00'),
          mode: 'central',
          set_at: new Date(),
        })
        .execute();
      r = await checkExport(sample, { asOf, mapping: await mappingForCheck(ctx(), mapping, asOf) });
      assert.deepEqual(r.check.staysProvincial.map((x) => x.key).sort(), staying(new Set(['1.001193'])));
      assert.ok(!r.check.staysProvincial.some((x) => x.procedure === '1.001193'));
    });
  },
);
