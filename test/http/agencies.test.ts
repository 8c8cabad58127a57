import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agency, AgencyDetail } from '../../src/contracts/agencies.js';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import { getJson, startTestServer, type TestServer } from '../support/testServer.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

describe(`GET /api/v1/agencies (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('pages through every agency once, in code order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res: { body: Page<Agency> } = await getJson<Page<Agency>>(
        s.app,
        `/api/v1/agencies?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      total = res.body.total ?? 0;
      seen.push(...res.body.items.map((a) => a.code));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.ok(total > 6700);
    assert.deepEqual(seen, [...seen].sort());
  });

  it('filters by kind', async () => {
    const res = await getJson<Page<Agency>>(s.app, '/api/v1/agencies?kind=province_service_center&limit=1');
    assert.equal(res.body.total, 34);
    assert.equal(res.body.items[0]?.kind, 'province_service_center');
  });

  it('filters by administrative unit and by province (with its communes)', async () => {
    const inCommune = await getJson<Page<Agency>>(s.app, '/api/v1/agencies?unit=00004');
    assert.deepEqual(inCommune.body.items.map((a) => a.name).sort(), [
      'Trung tâm Phục vụ hành chính công phường Ba Đình',
      'Ủy ban nhân dân phường Ba Đình',
    ]);
    assert.deepEqual(inCommune.body.items[0]?.adminUnit, { code: '00004', name: 'Phường Ba Đình' });
    const hanoi = await getJson<Page<Agency>>(
      s.app,
      '/api/v1/agencies?province=01&kind=commune_committee&limit=1',
    );
    assert.equal(hanoi.body.total, 126);
  });

  it('filters by parent and searches names without accents', async () => {
    const children = await getJson<Page<Agency>>(s.app, '/api/v1/agencies?parent=000.00.00.G09');
    assert.ok(children.body.items.some((a) => a.name === 'Cục Hộ tịch, quốc tịch, chứng thực'));
    const search = await getJson<Page<Agency>>(s.app, '/api/v1/agencies?q=bo%20tu%20phap');
    assert.deepEqual(
      search.body.items.map((a) => a.code),
      ['000.00.00.G09'],
    );
    const words = await getJson<Page<Agency>>(s.app, '/api/v1/agencies?q=tu%20phap%20ha%20noi');
    assert.deepEqual(
      words.body.items.map((a) => a.name),
      ['Sở Tư pháp thành phố Hà Nội'],
    );
  });

  it('reads one agency with its parent, unit and children count', async () => {
    const res = await getJson<AgencyDetail>(s.app, '/api/v1/agencies/000.04.51.H01');
    assert.equal(res.status, 200);
    assert.equal(res.body.kind, 'commune_service_center');
    assert.deepEqual(res.body.parent, { code: '000.04.50.H01', name: 'Ủy ban nhân dân phường Ba Đình' });
    assert.deepEqual(res.body.adminUnit, { code: '00004', name: 'Phường Ba Đình' });
    const committee = await getJson<AgencyDetail>(s.app, '/api/v1/agencies/000.00.00.H01');
    // Its centre, 10 departments and 126 commune committees.
    assert.equal(committee.body.childCount, 1 + 10 + 126);
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    const missing = await getJson<Problem>(s.app, '/api/v1/agencies/000.00.00.H99');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.detail, 'Không có cơ quan mã định danh 000.00.00.H99');
    const bad = await getJson<Problem>(s.app, '/api/v1/agencies/H01');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors?.some((e) => e.field === 'params.code'));
    const badKind = await getJson<Problem>(s.app, '/api/v1/agencies?kind=bank');
    assert.equal(badKind.status, 400);
  });
});
