import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { readSeedFiles } from '../../src/seed/readSeedFiles.js';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { migrate } from '../../src/store/migrations.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

async function counts(t: TestDatabase) {
  const { rows } = await sql<{ units: number; lineage: number; agencies: number }>`
    SELECT (SELECT count(*) FROM admin_unit)::int AS units,
           (SELECT count(*) FROM admin_unit_lineage)::int AS lineage,
           (SELECT count(*) FROM agency)::int AS agencies`.execute(t.database.db);
  return rows[0];
}

function hanoiOf(files: ReturnType<typeof readSeedFiles>) {
  const unit = files.units.find((u) => u.code === '01');
  assert.ok(unit);
  return unit;
}

describe(`seedReferenceData (${testEngine})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await migrate(t.database.db);
  });
  after(() => t.drop());

  it('loads the whole map, the lineage and the agencies', async () => {
    const r = await seedReferenceData(t.database.db);
    assert.equal(r.skipped, false);
    assert.deepEqual(await counts(t), { units: 3355, lineage: 10667, agencies: r.agencies });
    assert.ok(r.agencies > 6700);
  });

  it('skips an unchanged seed and duplicates nothing when forced', async () => {
    const before = await counts(t);
    assert.equal((await seedReferenceData(t.database.db)).skipped, true);
    assert.equal((await seedReferenceData(t.database.db, { force: true })).skipped, false);
    assert.deepEqual(await counts(t), before);
  });

  it('applies a changed seed file as an update in place', async () => {
    const files = readSeedFiles();
    const renamed = {
      ...files,
      checksum: files.checksum + '-renamed',
      units: files.units.map((u) => (u.code === '00004' ? { ...u, name: 'Phường Ba Đình Mới' } : u)),
    };
    const r = await seedReferenceData(t.database.db, { files: renamed });
    assert.equal(r.skipped, false);
    const row = await t.database.db
      .selectFrom('admin_unit')
      .select(['name', 'search_name'])
      .where('code', '=', '00004')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Phường Ba Đình Mới', search_name: 'phuong ba dinh moi' });
    const agency = await t.database.db
      .selectFrom('agency')
      .select('name')
      .where('code', '=', '000.04.50.H01')
      .executeTakeFirstOrThrow();
    assert.equal(agency.name, 'Ủy ban nhân dân phường Ba Đình Mới');
  });

  it('writes nothing when any part of the seed is invalid', async () => {
    const before = await counts(t);
    const files = readSeedFiles();
    const broken = {
      ...files,
      checksum: 'broken',
      units: [
        ...files.units,
        { ...hanoiOf(files), code: '77', name: 'Tỉnh Không Có', validFrom: '2025-07-01' },
      ],
      lineage: [
        ...files.lineage,
        { unitCode: '88888', predecessorCode: '1', predecessorName: 'x', mergeType: 'full' as const },
      ],
    };
    await assert.rejects(seedReferenceData(t.database.db, { files: broken }));
    assert.deepEqual(await counts(t), before);
    const run = await t.database.db.selectFrom('seed_run').select('checksum').executeTakeFirstOrThrow();
    assert.notEqual(run.checksum, 'broken');
  });
});
