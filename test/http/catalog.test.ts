import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { CatalogRecord, ImportOutcome } from '../../src/contracts/catalog.js';
import { seedDir } from '../../src/paths.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { createAppContext } from '../../src/app/context.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

interface Page<T> {
  items: T[];
  total?: number;
}
const catalog = JSON.parse(readFileSync(join(seedDir, 'catalog.json'), 'utf8')) as CatalogRecord[];

describe(`procedure catalog (${testEngine})`, () => {
  let s: TestServer;
  let system: Signed;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    system = await signIn(s.app, 'quantri');
  });
  after(() => s.close());

  const importing = async (who: Signed, records: unknown[]) => {
    const res = await who.call('POST', '/api/v1/catalog/import', records);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ outcomes: ImportOutcome[] }>().outcomes;
  };
  const snapshot = async () =>
    (
      await sql<{
        t: string;
      }>`SELECT string_agg(procedure_code || '/' || version_no || '/' || status || '/' || content_hash, ',' ORDER BY procedure_code, version_no) AS t FROM procedure_version`.execute(
        s.db.database.db,
      )
    ).rows[0]?.t;

  it('has a demo catalog of at least 25 procedures, 6 ministries, both levels', () => {
    assert.ok(catalog.length >= 25);
    assert.ok(new Set(catalog.map((r) => r.ministry)).size >= 6);
    const levels = new Set(catalog.flatMap((r) => r.versions.flatMap((v) => v.levels)));
    assert.ok(levels.has('commune') && levels.has('province'));
  });

  it('imports the demo catalog, and a second import changes nothing', async () => {
    const first = await importing(system, catalog);
    assert.ok(
      first.every((o) => o.outcome === 'created'),
      JSON.stringify(first.filter((o) => o.outcome !== 'created')),
    );
    const before = await snapshot();
    const second = await importing(system, catalog);
    assert.ok(second.every((o) => o.outcome === 'unchanged'));
    assert.equal(await snapshot(), before);
    const seeded = await seedCatalog(createAppContext(s.db.database.db));
    assert.equal(seeded.skipped, false);
    assert.equal(await snapshot(), before, 'the seed and the API import are the same operation');
  });

  it('reports a malformed record by index and field and imports the rest', async () => {
    const good = {
      ...catalog[0],
      code: 'VD.900001',
      name: 'Thủ tục thử nghiệm A',
      example: true,
    } as CatalogRecord;
    const bad = structuredClone(good);
    bad.code = 'VD.900002';
    bad.versions[0]!.components[0]!.name = '';
    const worse = { code: 'VD.900003', name: 'Thiếu phiên bản' };
    const outcomes = await importing(system, [good, bad, worse, { ...good, code: 'VD.900004' }]);
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ['created', 'rejected', 'rejected', 'created'],
    );
    assert.deepEqual(
      outcomes[1]?.errors.map((e) => e.field),
      ['versions.0.components[0].name'],
    );
    assert.equal(outcomes[1]?.index, 1);
    assert.ok(outcomes[2]?.errors.some((e) => e.field === 'ministry'));
    const n = await s.db.database.db
      .selectFrom('procedure')
      .select('code')
      .where('code', 'in', ['VD.900002', 'VD.900003'])
      .execute();
    assert.equal(n.length, 0, 'nothing half-written');
  });

  it('refuses to change a published version, and supersedes it with a new one', async () => {
    const record = structuredClone(catalog.find((r) => r.code === 'VD.000006') as CatalogRecord);
    record.versions[0]!.time.direct.amount = 5;
    const changed = await importing(system, [record]);
    assert.equal(changed[0]?.outcome, 'rejected');
    assert.match(changed[0]?.errors[0]?.message ?? '', /không được sửa/);
    const v2 = {
      ...structuredClone(record.versions[0]!),
      version: 2,
      decision: { number: 'VD-QĐ/2', date: '2026-06-01' },
      effectiveFrom: '2026-07-01',
    };
    const original = structuredClone(catalog.find((r) => r.code === 'VD.000006') as CatalogRecord);
    original.versions[0]!.status = 'superseded';
    const next = await importing(system, [{ ...original, versions: [original.versions[0], v2] }]);
    assert.equal(next[0]?.outcome, 'updated', JSON.stringify(next));
    const detail = (await system.call('GET', '/api/v1/procedures/VD.000006')).json<{
      versions: { version: number; status: string }[];
    }>();
    assert.deepEqual(
      detail.versions.map((v) => [v.version, v.status]),
      [
        [2, 'published'],
        [1, 'superseded'],
      ],
    );
  });

  it('lets a ministry administrator import only their own ministry’s procedures, and nobody else', async () => {
    const justice = await signIn(s.app, 'botuphap.quantri');
    const own = {
      ...catalog[0],
      code: 'VD.900010',
      name: 'Thủ tục Bộ Tư pháp',
      example: true,
    } as CatalogRecord;
    const police = {
      ...catalog.find((r) => r.ministry === '000.00.00.G15'),
      code: 'VD.900011',
      name: 'Thủ tục Bộ Công an',
      example: true,
    } as CatalogRecord;
    const outcomes = await importing(justice, [own, police]);
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ['created', 'rejected'],
    );
    const province = await signIn(s.app, 'hanoi.quantri');
    assert.equal((await province.call('POST', '/api/v1/catalog/import', [own])).statusCode, 403);
    assert.equal(
      (await s.app.inject({ method: 'POST', url: '/api/v1/catalog/import', payload: [own] })).statusCode,
      401,
    );
  });

  it('searches the catalog without accents and filters by level and online level', async () => {
    const get = async (url: string) =>
      (await s.app.inject({ method: 'GET', url })).json<Page<{ code: string }>>();
    assert.deepEqual(
      (await get('/api/v1/procedures?q=khai%20sinh')).items.map((p) => p.code),
      ['1.001193'],
    );
    assert.deepEqual(
      (await get('/api/v1/procedures?q=1.001193')).items.map((p) => p.code),
      ['1.001193'],
    );
    const communeOnline = await get('/api/v1/procedures?level=commune&online=toan_trinh&limit=500');
    const all = (await s.app.inject({ method: 'GET', url: '/api/v1/procedures?limit=500' })).json<
      Page<{ code: string; current: { levels: string[]; onlineLevel: string } | null }>
    >();
    const expected = all.items.filter(
      (p) => p.current?.levels.includes('commune') && p.current.onlineLevel === 'toan_trinh',
    );
    assert.ok(expected.length > 5);
    assert.deepEqual(
      communeOnline.items.map((p) => p.code),
      expected.map((p) => p.code),
    );
  });

  it('exports in the import format, and re-importing the export changes nothing', async () => {
    const exported = (await s.app.inject({ method: 'GET', url: '/api/v1/catalog/export' })).json<
      CatalogRecord[]
    >();
    assert.ok(exported.length >= catalog.length);
    const before = await snapshot();
    const outcomes = await importing(system, exported);
    assert.ok(
      outcomes.every((o) => o.outcome === 'unchanged'),
      JSON.stringify(outcomes.filter((o) => o.outcome !== 'unchanged')),
    );
    assert.equal(await snapshot(), before);
  });
});
