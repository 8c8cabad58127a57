import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/paths.js';
import { createTestDatabase, testEngine, type TestDatabase } from './support/testDatabase.js';
import { cli, serve } from './support/serveProcess.js';

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [...cli, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe(`cli (${testEngine})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-cli-'));
  let pg: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    if (testEngine === 'postgres') {
      pg = await createTestDatabase();
      const url = new URL(process.env['TEST_DATABASE_URL'] ?? '');
      const { rows } = await (
        await import('kysely')
      ).sql<{ db: string }>`SELECT current_database() AS db`.execute(pg.database.db);
      url.pathname = `/${rows[0]?.db}`;
      env = { DATABASE_URL: url.toString(), DATA_DIR: dataDir, DEMO_ACCOUNTS: 'true' };
    } else {
      env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    }
  });
  // What runs on its own embedded database (or on none) is the same under either engine: run once.
  const embeddedOnly = { skip: testEngine === 'postgres' && 'its own embedded database: run on PGlite' };
  after(async () => {
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints help', embeddedOnly, () => {
    const r = run(['--help'], {});
    assert.equal(r.status, 0);
    assert.match(r.stdout, /serve/);
    assert.match(r.stdout, /DATABASE_URL/);
  });

  it('rejects an unknown command', embeddedOnly, () => {
    const r = run(['explode'], {});
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Lệnh không hợp lệ/);
  });

  it('refuses a bad configuration with a readable message', embeddedOnly, () => {
    const r = run(['migrate'], { PORT: 'abc' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
  });

  it('serves the map after a first start, and restarts without migrating or seeding again', async () => {
    const first = await serve(env);
    try {
      const res = await fetch(`${first.url}/api/v1/admin-units?level=province`);
      assert.equal(((await res.json()) as { total: number }).total, 34);
      assert.equal((await fetch(`${first.url}/readyz`)).status, 200);
      assert.match(first.output(), /Đã áp dụng \d+ bản cập nhật cấu trúc/);
      assert.match(first.output(), /Đã tạo 35 tài khoản demo, mật khẩu chung: MotCua@2026-demo/);
      assert.match(first.output(), /hanoi\.motcua\s+Cán bộ một cửa/);
      assert.match(first.output(), /Đã nạp dữ liệu nền: 3355 đơn vị hành chính/);
    } finally {
      await first.stop();
    }

    const second = await serve(env);
    try {
      const res = await fetch(`${second.url}/api/v1/admin-units?parent=01&limit=1`);
      assert.equal(((await res.json()) as { total: number }).total, 126);
      assert.doesNotMatch(second.output(), /Đã áp dụng|Đã nạp|Đã tạo/);
    } finally {
      await second.stop();
    }
  });

  it('verifies an intact audit chain', () => {
    const r = run(['verify-audit'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Nhật ký toàn vẹn: \d+ dòng/);
  });

  it('checks and rebuilds the indicator sums from the command line', () => {
    const check = run(['check-indicators'], env);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /Số tổng hợp khớp với tính lại từ nhật ký: \d+ hồ sơ/);
    const rebuild = run(['rebuild-indicators'], env);
    assert.equal(rebuild.status, 0, rebuild.stderr);
    assert.match(rebuild.stdout, /Đã dựng lại số tổng hợp chỉ số từ nhật ký: \d+ hồ sơ/);
  });

  it('seeds idempotently from the command line', () => {
    const again = run(['seed'], env);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /không thay đổi/);
    const forced = run(['seed', '--force'], env);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /Đã nạp: 3355 đơn vị hành chính/);
  });

  it('imports the agency register from a file: a dry run, then the file applied, then applied again', () => {
    const file = join(dataDir, 'danh-muc.csv');
    writeFileSync(
      file,
      [
        'Mã định danh,Tên cơ quan,Loại,Mã cơ quan cấp trên,Mã đơn vị hành chính,Hiệu lực từ',
        '000.00.30.H40,Sở Dân tộc và Tôn giáo tỉnh Nghệ An,department,000.00.00.H40,40,01/07/2025',
        '000.00.31.H40,Sở thiếu cấp trên,department,000.00.98.H40,40,01/07/2025',
      ].join('\n'),
    );
    const dry = run(['import-agencies', file, '--dry-run'], env);
    assert.equal(dry.status, 3, dry.stderr);
    assert.match(dry.stdout, /Kiểm tra \(chưa ghi\): thêm 1, sửa 0, đóng 0, không đổi 0, từ chối 1 dòng/);
    assert.match(dry.stdout, /dòng 3, Mã cơ quan cấp trên: Không có cơ quan cấp trên/);
    const applied = run(['import-agencies', file], env);
    assert.match(applied.stdout, /Đã nhập: thêm 1,/);
    const again = run(['import-agencies', file], env);
    assert.match(again.stdout, /Đã nhập: thêm 0, sửa 0, đóng 0, không đổi 1, từ chối 1 dòng/);
    const missing = run(['import-agencies'], env);
    assert.equal(missing.status, 2);
  });

  it('checks a provincial export without writing, naming each refused row, with a JSON report', () => {
    const sample = join(projectRoot, '../shared/data/provincial-export/sample');
    const report = join(dataDir, 'bao-cao.json');
    const r = run(['migrate-in', 'check', sample, '--report', report, '--as-of', '2025-06-30'], env);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout, /Kiểm tra \(chưa ghi gì\): 300 hồ sơ trong tệp, 290 hồ sơ/);
    assert.match(r.stdout, /HoSos\.csv, dòng 130, 000\.15\.45\.H56-241104-0001: ngày giờ không tồn tại/);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      source: { dossiers: number; history: number };
      refused: { file: string; row: number; key: string; reason: string }[];
      byStatus: { source: Record<string, number> };
    };
    assert.equal(json.source.dossiers, 300);
    assert.equal(json.refused.length, 6);
    assert.equal(json.byStatus.source['10'], 170);
    assert.equal(run(['migrate-in', 'check', sample], env).status, 2, 'no report file named');
  });

  it('imports a provincial export with the drafted mapping, reconciles it, and rolls the run back', () => {
    const sample = join(projectRoot, '../shared/data/provincial-export/sample');
    const mapping = join(dataDir, 'anh-xa.json');
    const report = join(dataDir, 'doi-soat.json');
    assert.equal(run(['migrate-in', 'plan', sample, '--province', '38', '--out', mapping], env).status, 0);
    const r = run(
      ['migrate-in', 'run', sample, '--mapping', mapping, '--report', report, '--as-of', '2025-06-30'],
      env,
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Đã nhập \d+ hồ sơ mới/);
    assert.match(r.stdout, /mọi chênh lệch đều được giải thích/);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      run: string;
      imported: { dossiers: number };
      refused: unknown[];
      defects: unknown[];
    };
    assert.ok(json.imported.dossiers > 0);
    assert.deepEqual(json.defects, []);
    const again = run(
      ['migrate-in', 'reconcile', sample, '--mapping', mapping, '--report', report, '--as-of', '2025-06-30'],
      env,
    );
    assert.equal(again.status, 0, again.stdout + again.stderr);
    const back = run(['migrate-in', 'rollback', json.run], env);
    assert.equal(back.status, 0, back.stdout + back.stderr);
    assert.match(back.stdout, new RegExp(`Đã gỡ ${json.imported.dossiers} hồ sơ`));
    assert.equal(run(['migrate-in', 'rollback', '00000000-0000-0000-0000-000000000000'], env).status, 2);
  });

  it('creates the first administrator once, printing a one-time activation link', embeddedOnly, () => {
    // Its own empty embedded database: no demo accounts, no administrator yet.
    const fresh = {
      DATA_DIR: join(dataDir, 'empty'),
      DATABASE_URL: '',
      DEMO_ACCOUNTS: 'false',
      PUBLIC_URL: 'https://motcua.gov.vn',
    };
    const args = [
      'create-admin',
      '--username',
      'quantri.vpcp',
      '--full-name',
      'Nguyễn Văn Quản',
      '--agency',
      '000.00.00.G17',
    ];
    const first = run(args, fresh);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^https:\/\/motcua\.gov\.vn\/kich-hoat\/[A-Za-z0-9_-]{43}$/m);
    const second = run([...args.slice(0, 2), 'quantri.khac', ...args.slice(3)], fresh);
    assert.equal(second.status, 2);
    assert.match(second.stderr, /Đã có quản trị hệ thống \(quantri\.vpcp\)/);
    assert.equal(run(['create-admin', '--username', 'x'], fresh).status, 2);
  });

  it(
    'makes the living demo once on a fresh system, and refuses one that holds other data',
    embeddedOnly,
    () => {
      const fresh = { DATA_DIR: join(dataDir, 'demo'), DATABASE_URL: '' };
      const size = ['--days', '3', '--per-day', '1', '--until', '2026-11-20'];
      const first = run(['demo', ...size], fresh);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /Hoạt động mẫu \([\d.]+ giây\): \d+ hồ sơ, \d+ thao tác xử lý/);
      const again = run(['demo', ...size], fresh);
      assert.equal(again.status, 2, again.stderr);
      assert.match(again.stderr, /Không tạo hoạt động mẫu: CSDL đã có hồ sơ/);
      assert.equal(run(['demo', '--days', 'nhiều'], fresh).status, 2);
      // A system with a real administrator (made by the test above) gets no demo.
      const real = run(['demo', ...size], {
        DATA_DIR: join(dataDir, 'empty'),
        DATABASE_URL: '',
        DEMO_ACCOUNTS: 'false',
      });
      assert.equal(real.status, 2, real.stderr);
      assert.match(
        real.stderr,
        /Không tạo hoạt động mẫu: CSDL có 1 tài khoản không thuộc dữ liệu mẫu \(ví dụ quantri\.vpcp\)/,
      );
    },
  );
});
