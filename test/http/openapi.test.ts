import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { apiTypes, apiTypesFile } from '../../scripts/apiTypes.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Document = { servers?: unknown[]; paths: Record<string, Record<string, Operation>> };

const redocly = join(
  dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
  'bin',
  'cli.js',
);

describe(`the API document (${testEngine})`, () => {
  let s: TestServer;
  let doc: Document;
  const dir = mkdtempSync(join(tmpdir(), 'motcua-openapi-'));
  before(async () => {
    s = await startTestServer();
    doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Document>();
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );

  it("passes Redocly's recommended rules with no error", async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = await promisify(execFile)(process.execPath, [redocly, 'lint', file, '--format=json'], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { stdout: string; code: number }) => e);
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; location: { pointer: string }[] }[];
    };
    const errors = report.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(
      errors.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`),
      [],
    );
    assert.equal(report.totals.errors, 0);
  });

  it('names every operation once, declares how it is authenticated and the problems it answers', () => {
    const ids = operations().map(({ op }) => op.operationId);
    assert.ok(
      ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id)),
      String(ids),
    );
    assert.equal(new Set(ids).size, ids.length);
    assert.ok((doc.servers ?? []).length > 0);
    for (const { path, method, op } of operations()) {
      assert.ok(Array.isArray(op.security), `${method} ${path}: security`);
      const problems = Object.keys(op.responses).filter((c) => /^4\d\d$/.test(c));
      assert.ok(problems.length > 0, `${method} ${path}: no 4xx`);
      for (const code of problems)
        assert.equal(
          op.responses[code]?.content?.['application/problem+json']?.schema?.$ref,
          '#/components/schemas/Problem',
          `${method} ${path} ${code}`,
        );
    }
  });

  it('tells the truth about authentication: a staff operation refuses an anonymous caller, a public one answers', async () => {
    // Operations that need no input: what they answer an anonymous caller depends on the declaration alone.
    const bare = operations().filter(
      ({ path, method, op }) =>
        method === 'get' && !path.includes('{') && !(op.parameters ?? []).some((p) => p.required),
    );
    let staff = 0;
    let open = 0;
    for (const { path, op } of bare) {
      const res = await s.app.inject({ method: 'GET', url: path });
      const schemes = (op.security ?? []).flatMap((r) => Object.keys(r));
      if (schemes.length === 0) {
        open++;
        assert.ok(
          ![401, 403].includes(res.statusCode),
          `${path} is declared public but answers ${res.statusCode}`,
        );
      } else if (schemes.includes('staffSession') || schemes.includes('citizenSession')) {
        staff++;
        assert.equal(res.statusCode, 401, `${path} is declared authenticated but answers ${res.statusCode}`);
      }
    }
    assert.ok(staff > 20 && open > 5, `${staff} authenticated, ${open} public operations probed`);
  });

  it("gives the web app the document's own types: web/src/api.gen.ts is what the server publishes now", async () => {
    assert.equal(
      readFileSync(apiTypesFile, 'utf8'),
      await apiTypes(doc),
      'the API changed: run `npm run api:types` and commit web/src/api.gen.ts',
    );
  });
});
