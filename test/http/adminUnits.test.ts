import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AdminUnit, AdminUnitDetail } from '../../src/contracts/adminUnits.js';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import { getJson, startTestServer, type TestServer } from '../support/testServer.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

describe(`GET /api/v1/admin-units (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ now: () => new Date('2026-11-24T03:00:00Z') });
  });
  after(() => s.close());

  /** Follows nextCursor to the end, as a client would. */
  async function all(url: string): Promise<AdminUnit[]> {
    const items: AdminUnit[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res: { status: number; body: Page<AdminUnit> } = await getJson<Page<AdminUnit>>(
        s.app,
        cursor ? `${url}${sep}cursor=${cursor}` : url,
      );
      assert.equal(res.status, 200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('lists the 34 provinces', async () => {
    const res = await getJson<Page<AdminUnit>>(s.app, '/api/v1/admin-units?level=province&limit=100');
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 34);
    assert.equal(res.body.total, 34);
    assert.equal(res.body.nextCursor, null);
    assert.deepEqual(res.body.items[0], {
      code: '01',
      name: 'Thành phố Hà Nội',
      level: 'province',
      kind: 'thanh_pho',
      parentCode: null,
      validFrom: '2025-07-01',
      validTo: null,
    });
  });

  it('pages through all 3,321 communes with keyset cursors, each exactly once', async () => {
    const communes = await all('/api/v1/admin-units?level=commune&limit=500');
    assert.equal(communes.length, 3321);
    assert.equal(new Set(communes.map((c) => c.code)).size, 3321);
    const codes = communes.map((c) => c.code);
    assert.deepEqual(codes, [...codes].sort());
  });

  it('lists the 126 communes of Hà Nội', async () => {
    const communes = await all('/api/v1/admin-units?parent=01&limit=50');
    assert.equal(communes.length, 126);
    assert.ok(communes.every((c) => c.parentCode === '01' && c.level === 'commune'));
    const first = await getJson<Page<AdminUnit>>(s.app, '/api/v1/admin-units?parent=01&limit=50');
    assert.equal(first.body.total, 126);
    assert.equal(first.body.items.length, 50);
  });

  it('searches without accents or case', async () => {
    const res = await getJson<Page<AdminUnit>>(s.app, '/api/v1/admin-units?q=ha%20noi&level=province');
    assert.deepEqual(
      res.body.items.map((u) => u.name),
      ['Thành phố Hà Nội'],
    );
    const accented = await getJson<Page<AdminUnit>>(
      s.app,
      `/api/v1/admin-units?q=${encodeURIComponent('BA ĐÌNH')}&parent=01`,
    );
    assert.deepEqual(
      accented.body.items.map((u) => u.name),
      ['Phường Ba Đình'],
    );
    const byCode = await getJson<Page<AdminUnit>>(s.app, '/api/v1/admin-units?q=00004');
    assert.deepEqual(
      byCode.body.items.map((u) => u.code),
      ['00004'],
    );
  });

  it('treats LIKE wildcards in the search as plain text', async () => {
    const res = await getJson<Page<AdminUnit>>(s.app, '/api/v1/admin-units?q=%25');
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 0);
  });

  it('shows the map of a day: nothing existed before 1 July 2025', async () => {
    const res = await getJson<Page<AdminUnit>>(s.app, '/api/v1/admin-units?level=province&on=2025-06-30');
    assert.equal(res.body.total, 0);
  });

  it('reads one unit with its parent and lineage', async () => {
    const res = await getJson<AdminUnitDetail>(s.app, '/api/v1/admin-units/00004');
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Phường Ba Đình');
    assert.deepEqual(res.body.parent, { code: '01', name: 'Thành phố Hà Nội' });
    assert.equal(res.body.communeCount, null);
    assert.deepEqual(res.body.lineage.slice(0, 3), [
      { code: '00004', name: 'Phường Trúc Bạch', mergeType: 'full' },
      { code: '00013', name: 'Phường Quán Thánh', mergeType: 'full' },
      { code: '00016', name: 'Phường Ngọc Hà', mergeType: 'partial' },
    ]);
    const hanoi = await getJson<AdminUnitDetail>(s.app, '/api/v1/admin-units/01');
    assert.equal(hanoi.body.communeCount, 126);
  });

  it('looks up many codes at once and reports the unknown ones', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/admin-units/lookup',
      payload: { codes: ['00004', '01', '99999', '00004'] },
    });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ items: AdminUnit[]; missing: string[] }>();
    assert.deepEqual(
      body.items.map((u) => u.code),
      ['00004', '01'],
    );
    assert.deepEqual(body.missing, ['99999']);
  });

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await getJson<Problem>(s.app, '/api/v1/admin-units/99999');
    assert.equal(res.status, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.title, 'Không tìm thấy');
    assert.equal(res.body.detail, 'Không có đơn vị hành chính mã 99999');
  });

  for (const [url, field] of [
    ['/api/v1/admin-units?level=village', 'querystring.level'],
    ['/api/v1/admin-units?limit=-1', 'querystring.limit'],
    ['/api/v1/admin-units?limit=501', 'querystring.limit'],
    ['/api/v1/admin-units?limit=abc', 'querystring.limit'],
    ['/api/v1/admin-units?on=2025-13-01', 'querystring.on'],
    ['/api/v1/admin-units?parent=1', 'querystring.parent'],
    ['/api/v1/admin-units?cursor=not-a-cursor', 'querystring.cursor'],
    ['/api/v1/admin-units?colour=red', 'querystring.colour'],
    ['/api/v1/admin-units/abc', 'params.code'],
  ] as const) {
    it(`rejects ${url} with a 400 naming ${field}`, async () => {
      const res = await getJson<Problem>(s.app, url);
      assert.equal(res.status, 400);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.match(res.body.type, /^https:\/\/motcua\.gov\.vn\/problems\//);
      assert.ok(res.body.title.length > 0);
      assert.ok(
        res.body.errors?.some((e) => e.field === field),
        JSON.stringify(res.body.errors),
      );
    });
  }

  it('rejects a lookup body that breaks the schema, naming the field', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/admin-units/lookup',
      payload: { codes: ['x'] },
    });
    assert.equal(res.statusCode, 400);
    assert.ok(res.json<Problem>().errors?.some((e) => e.field === 'body.codes.0'));
  });
});
