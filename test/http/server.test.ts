import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Problem } from '../../src/contracts/common.js';
import { buildServer } from '../../src/http/server.js';
import { createTestDatabase, testEngine } from '../support/testDatabase.js';
import { getJson, startTestServer, type TestServer } from '../support/testServer.js';

describe(`server (${testEngine})`, () => {
  let s: TestServer;
  const webDir = mkdtempSync(join(tmpdir(), 'motcua-web-'));
  const asset = `console.log(${JSON.stringify('Một cửa '.repeat(500))});`;
  before(async () => {
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Một cửa</title>');
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'assets', 'app-1a2b3c.js'), asset);
    writeFileSync(join(webDir, 'assets', 'app-1a2b3c.js.br'), brotliCompressSync(asset));
    writeFileSync(join(webDir, 'assets', 'app-1a2b3c.js.gz'), gzipSync(asset));
    s = await startTestServer({ webDir, rateLimitPerMinute: 30 });
  });
  after(async () => {
    await s.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('publishes a valid OpenAPI 3 document with every API route', async () => {
    const res = await getJson<{ openapi: string; paths: Record<string, unknown> }>(
      s.app,
      '/api/openapi.json',
    );
    assert.equal(res.status, 200);
    assert.match(res.body.openapi, /^3\./);
    await SwaggerParser.validate(structuredClone(res.body) as never);
    for (const p of [
      '/api/v1/admin-units',
      '/api/v1/admin-units/{code}',
      '/api/v1/agencies',
      '/api/v1/agencies/{code}',
    ]) {
      assert.ok(p in res.body.paths, p);
    }
    const docs = await s.app.inject({ method: 'GET', url: '/api/docs' });
    assert.ok(docs.statusCode === 200 || docs.statusCode === 302);
  });

  it('reports liveness and readiness', async () => {
    assert.deepEqual((await getJson(s.app, '/healthz')).body, { status: 'ok' });
    assert.deepEqual((await getJson(s.app, '/readyz')).body, { status: 'ready', engine: testEngine });
  });

  it('exposes Prometheus metrics, with request durations by route', async () => {
    await s.app.inject({ method: 'GET', url: '/api/v1/admin-units?level=province' });
    const res = await s.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /motcua_process_resident_memory_bytes/);
    assert.match(
      res.body,
      /motcua_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/admin-units",status="200"\}/,
    );
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/admin-units/lookup',
      headers: { 'content-type': 'application/json' },
      payload: '{"codes": [',
    });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.json<Problem>().title, 'Nội dung JSON không đúng cú pháp');
  });

  it('answers an oversized body with a 413 problem', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/admin-units/lookup',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ codes: ['01'], pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json<Problem>().title, 'Nội dung gửi lên quá lớn');
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/admin-units/lookup',
      headers: { 'content-type': 'application/xml' },
      payload: '<codes/>',
    });
    assert.equal(res.statusCode, 415);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  });

  it('answers unknown API routes with a 404 problem, and pages with the app shell', async () => {
    const api = await getJson<Problem>(s.app, '/api/v1/nothing-here');
    assert.equal(api.status, 404);
    assert.equal(api.body.title, 'Không tìm thấy đường dẫn');
    const page = await s.app.inject({
      method: 'GET',
      url: '/co-quan/000.00.00.H01',
      headers: { accept: 'text/html' },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Một cửa/);
    assert.equal(
      page.headers['cache-control'],
      'no-cache',
      'the shell names the current assets: checked each time',
    );
  });

  it('sends the build’s compressed copy of an asset to a browser that takes it, to be kept for good', async () => {
    const get = (encoding?: string) =>
      s.app.inject({
        method: 'GET',
        url: '/assets/app-1a2b3c.js',
        headers: encoding ? { 'accept-encoding': encoding } : {},
      });
    const br = await get('gzip, deflate, br');
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), asset);
    assert.ok(br.rawPayload.length < asset.length / 4);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.equal((await get('gzip')).headers['content-encoding'], 'gzip');
    const plain = await get();
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, asset);
  });

  it('sets security headers and echoes a sane request id', async () => {
    const res = await s.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'portal-123' },
    });
    assert.equal(res.headers['x-request-id'], 'portal-123');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    const forged = await s.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n' },
    });
    assert.notEqual(forged.headers['x-request-id'], 'bad id\n');
  });

  it('rate-limits the API per client with a 429 problem', async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) {
      last = (await s.app.inject({ method: 'GET', url: '/api/v1/admin-units?level=province&limit=1' }))
        .statusCode;
    }
    assert.equal(last, 429);
    const res = await getJson<Problem>(s.app, '/api/v1/admin-units?level=province&limit=1');
    assert.equal(res.body.title, 'Quá nhiều yêu cầu, vui lòng thử lại sau');
  });
});

describe(`readiness before migrations (${testEngine})`, () => {
  it('is 503 while migrations are pending', async () => {
    const t = await createTestDatabase();
    const app = await buildServer({ database: t.database });
    try {
      const res = await getJson<Problem>(app, '/readyz');
      assert.equal(res.status, 503);
      assert.match(res.body.detail ?? '', /0001_admin_units\.sql/);
    } finally {
      await app.close();
      await t.drop();
    }
  });
});
