#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.js';
import { buildServer } from './http/server.js';
import { DiskFileStore, type FileStore } from './app/files/fileStore.js';
import { LocalCertificateAuthority } from './app/signing/localCertificateAuthority.js';
import { certificatesFromPem } from './app/signing/certificates.js';
import { S3FileStore } from './app/files/s3FileStore.js';
import { checkStorage } from './app/documents/storageCheck.js';
import { randomBytes } from 'node:crypto';
import { verifyAuditChain } from './app/audit/auditLog.js';
import { issueSystemClientKey } from './app/integrations/apiClients.js';
import { CitizenSignIn } from './app/citizens/citizenSignIn.js';
import { demoCitizens } from './integrations/vneid/demoCitizens.js';
import { startVneidSimulator } from './integrations/vneid/vneidSimulator.js';
import { vi } from './domain/i18n/vi.js';
import { demoPassword, seedDemoAccounts, type DemoAccount } from './seed/demoAccounts.js';
import { seedReferenceData } from './seed/seedReferenceData.js';
import { seedCatalog } from './seed/seedCatalog.js';
import { seedDemoDeployment } from './seed/demoDeployment.js';
import { watchOrphans } from './app/dossiers/orphanWatch.js';
import { startIntegrations } from './integrations/hub.js';
import { scheduleDailyReconciliation } from './jobs/dailyReconciliation.js';
import { reconcilePortalDay } from './app/integrations/portalReconciliation.js';
import { simulate } from './integrations/simulate.js';
import { defaultSettings } from './app/context.js';
import { openDatabase, type Database } from './store/database.js';
import { migrate } from './store/migrations.js';
import { checkIndicators, rebuildIndicators } from './app/reports/indicatorCheck.js';
import { scheduleIndicatorFolding } from './jobs/indicatorFolding.js';
import { scheduleMonthlyReports } from './jobs/monthlyReports.js';
import { countUncounted } from './app/reports/countIndicators.js';

const help = `motcua — Hệ thống thông tin giải quyết thủ tục hành chính tập trung

Cách dùng: motcua <lệnh> [tùy chọn]

Lệnh:
  serve            cập nhật cấu trúc CSDL, nạp dữ liệu nền nếu thay đổi, rồi phục vụ web và API
  migrate          chỉ cập nhật cấu trúc cơ sở dữ liệu
  seed [--force]   nạp dữ liệu nền (bản đồ hành chính, cơ quan); --force nạp lại dù không đổi
  verify-audit     kiểm tra chuỗi băm của nhật ký, báo dòng đầu tiên bị sửa hoặc xóa
  check-indicators tính lại chỉ số từ nhật ký xử lý, so với số tổng hợp; mã thoát 3 nếu lệch
  rebuild-indicators
                   dựng lại số tổng hợp chỉ số từ nhật ký xử lý (khi hệ thống đang dừng)
  check-storage [--purge]
                   đối chiếu kho tệp với CSDL: tệp không có bản ghi, bản ghi mất tệp (mã thoát 3),
                   tệp hết thời hạn lưu trữ; --purge xóa các tệp hết hạn
  dispatch         chỉ chạy bộ gửi tin (outbox) tới các hệ thống bên ngoài, chạy song song nhiều tiến trình được
  reconcile --day YYYY-MM-DD
                   đối soát một ngày với Cổng DVCQG, gửi lại hồ sơ thiếu hoặc lệch
  simulate portal|population|sms|email|payment|postal|docmgmt [--port N]
                   chạy một hệ thống mô phỏng (Cổng DVCQG, CSDL dân cư, SMS, hộp thư SMTP, thanh toán,
                   bưu chính, quản lý văn bản và ký số)

Biến môi trường:
  PORT          cổng HTTP (mặc định 3000)
  HOST          địa chỉ lắng nghe (mặc định 127.0.0.1)
  DATA_DIR      thư mục CSDL nhúng PGlite (mặc định ./data)
  DATABASE_URL  dùng PostgreSQL thay cho CSDL nhúng, ví dụ postgres://user@host:5432/motcua
  FILES_DIR     thư mục lưu tệp của hồ sơ (mặc định DATA_DIR/files)
  RESULT_SIGNING local|docmgmt: ký số kết quả tại hệ thống này bằng CA thử nghiệm cục bộ
                (mặc định) hoặc qua hệ thống quản lý văn bản
  PKI_DIR       thư mục CA thử nghiệm cục bộ và chứng thư của cán bộ (mặc định DATA_DIR/pki)
  TRUST_ANCHORS_FILE tệp PEM các chứng thư gốc tin cậy thêm khi xác minh chữ ký số kết quả
  S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX
                lưu tệp trên kho đối tượng tương thích S3 thay cho FILES_DIR
  RETENTION_YEARS số năm giữ tệp của hồ sơ đã kết thúc (mặc định 20; kết quả và Kho dữ liệu
                của công dân không bị xóa)
  MAX_UPLOAD_MB dung lượng tối đa mỗi tệp tải lên (mặc định 20)
  PUBLIC_URL    địa chỉ công dân truy cập hệ thống, in trong mã QR của phiếu (mặc định theo yêu cầu)
  LOG_LEVEL     fatal|error|warn|info|debug|trace|silent (mặc định info)
  DEMO_ACCOUNTS true|false: tạo tài khoản demo khi CSDL chưa có tài khoản
                (mặc định true với CSDL nhúng, false với DATABASE_URL)
  SESSION_IDLE_MINUTES  phiên cán bộ hết hạn sau chừng này phút không thao tác (mặc định 15)
  SESSION_MAX_HOURS     thời hạn tối đa của một phiên (mặc định 12)
  TRUST_PROXY   true khi chạy sau proxy TLS (tin X-Forwarded-*, cookie Secure)
  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET
                nhà cung cấp định danh (VNeID) cho công dân; khi không đặt, chạy VNeID mô phỏng
  VNEID_SIMULATOR_PORT  cổng của VNeID mô phỏng (mặc định PORT+1)
  DVCQG_URL, DVCQG_TOKEN            Cổng DVCQG (đồng bộ hồ sơ); khi không đặt, chạy Cổng mô phỏng
  POPULATION_URL, POPULATION_TOKEN  CSDL quốc gia về dân cư; khi không đặt, chạy bản mô phỏng
  PAYMENT_URL, PAYMENT_TOKEN, PAYMENT_SECRET
                nền tảng thanh toán (PAYMENT_SECRET kiểm chữ ký lời gọi lại); khi không đặt, chạy bản mô phỏng
  POSTAL_URL, POSTAL_TOKEN, POSTAL_CALLBACK_TOKEN
                bưu chính công ích (mã của lời báo trạng thái); khi không đặt, chạy bản mô phỏng
  DOCMGMT_URL, DOCMGMT_TOKEN, DOCMGMT_SECRET
                hệ thống quản lý văn bản, ký số (cấp số, ký kết quả); khi không đặt, chạy bản mô phỏng
  SMS_URL, SMS_TOKEN, SMS_BRANDNAME tổng đài SMS brandname; khi không đặt, chạy bản mô phỏng
  SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD, MAIL_FROM
                máy chủ thư; khi không đặt, chạy hộp thư SMTP mô phỏng
  SIMULATOR_BASE_PORT   cổng đầu của các hệ thống mô phỏng (mặc định PORT+10; 0: cổng bất kỳ)
  INTEGRATION_TIMEOUT_MS  thời gian chờ mỗi lần gọi hệ thống ngoài (mặc định 10000)
  OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_BASE_MS, OUTBOX_RETRY_CAP_MS, OUTBOX_WORKERS
                số lần thử trước khi dừng gửi (40, khoảng 1,5 giờ), chờ thử lại ban đầu (1000) và tối đa (300000) ms, số luồng (4)
  DISPATCHER    true|false: gửi tin ngay trong tiến trình serve (mặc định true)
`;

function open(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
}

async function prepare(database: Database, force = false): Promise<void> {
  const applied = await migrate(database.db);
  if (applied.length > 0)
    console.error(`Đã áp dụng ${applied.length} bản cập nhật cấu trúc: ${applied.join(', ')}`);
  const seeded = await seedReferenceData(database.db, { force });
  if (!seeded.skipped) {
    console.error(
      `Đã nạp dữ liệu nền: ${seeded.units} đơn vị hành chính, ${seeded.lineage} quan hệ sáp nhập, ${seeded.agencies} cơ quan`,
    );
  }
  const catalog = await seedCatalog({ db: database.db, now: () => new Date(), settings: defaultSettings });
  if (!catalog.skipped) console.error(`Đã nạp danh mục mẫu: ${catalog.procedures} thủ tục hành chính`);
}

/** Demo grants start with the 2025 map, so they are in force whatever the clock says. */
const demoGrantsFrom = new Date('2025-07-01T00:00:00+07:00');

async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const database = await open(config);
  await prepare(database);
  const demo = config.demoAccounts ? await seedDemoAccounts(database.db, demoGrantsFrom) : [];
  // With the demo accounts comes a demo deployment, so that a dossier can be received at once.
  const deployed = demo.length > 0 ? await seedDemoDeployment(database.db, demoGrantsFrom) : [];
  const citizens = await citizenSignIn(config);
  // Callbacks (the payment platform's) reach this server at its public address, or where it listens.
  let selfUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const integrations = await startIntegrations(
    database,
    config.integrations,
    config.publicUrl,
    (e) => console.error('outbox dispatcher:', e),
    () => selfUrl,
  );
  const app = await buildServer({
    database,
    citizenSignIn: citizens.signIn,
    selfUrl: () => selfUrl,
    logger: { level: config.logLevel },
    settings: { sessionIdleMs: config.sessionIdleMs, sessionMaxMs: config.sessionMaxMs },
    trustProxy: config.trustProxy,
    rateLimitPerMinute: config.rateLimits.accountPerMinute,
    anonymousPerMinute: config.rateLimits.anonymousPerMinute,
    loginPerMinute: config.rateLimits.loginPerMinute,
    metrics: config.metrics,
    files: fileStoreOf(config),
    ...(config.resultSigning === 'local'
      ? {
          signer: await LocalCertificateAuthority.open(config.pkiDir, {
            anchors: config.trustAnchorsFile
              ? certificatesFromPem(await readFile(config.trustAnchorsFile, 'utf8'))
              : [],
          }),
          verifyBase: () => selfUrl,
        }
      : {}),
    maxUploadBytes: config.maxUploadBytes,
    publicUrl: config.publicUrl,
    integrations,
  });
  await app.listen({ port: config.port, host: config.host });
  const stopReconciliation = scheduleDailyReconciliation(
    { db: database.db, now: () => new Date(), settings: defaultSettings },
    integrations.portal,
    { onError: (e) => app.log.error({ err: e }, 'daily reconciliation failed') },
  );
  const counted = await countUncounted({ db: database.db, now: () => new Date(), settings: defaultSettings });
  if (counted > 0) app.log.info({ counted }, 'dossiers counted into the indicator sums');
  const stopFolding = scheduleIndicatorFolding(
    { db: database.db, now: () => new Date(), settings: defaultSettings },
    1000,
    (e) => app.log.error({ err: e }, 'indicator folding failed'),
  );
  const stopReports = scheduleMonthlyReports(
    { db: database.db, now: () => new Date(), settings: defaultSettings },
    3_600_000,
    (scopes) => app.log.info({ scopes }, 'monthly reports generated'),
    (e) => app.log.error({ err: e }, 'monthly reports failed'),
  );
  const stopWatch = watchOrphans(
    { db: database.db, now: () => new Date(), settings: defaultSettings },
    60_000,
    (e) => app.log.error({ err: e }, 'orphan watch failed'),
  );
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  selfUrl = config.publicUrl ?? url;
  // The local portal simulator pushes online dossiers with a key of its own, issued at each start.
  if (integrations.portalSimulator)
    integrations.portalSimulator.connect({
      url,
      key: await issueSystemClientKey(
        { db: database.db, now: () => new Date(), settings: defaultSettings },
        'Cổng DVCQG (mô phỏng)',
        ['dossiers.submit'],
      ),
    });
  const where =
    database.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `CSDL nhúng PGlite tại ${config.dataDir}`;
  console.log(
    [
      '',
      `  motcua đã sẵn sàng sau ${((performance.now() - started) / 1000).toFixed(1)} giây`,
      `  Giao diện:      ${url}/`,
      `  Tài liệu API:   ${url}/api/docs`,
      `  Cơ sở dữ liệu:  ${where}`,
      `  Đăng nhập công dân: ${citizens.description}`,
      config.resultSigning === 'local'
        ? `  Ký số kết quả: CA thử nghiệm cục bộ tại ${config.pkiDir} (không dùng cho chữ ký thật)`
        : '  Ký số kết quả: qua hệ thống quản lý văn bản',
      ...integrations.description.map((d) => `  ${d}`),
      integrations.dispatcher
        ? '  Bộ gửi tin (outbox) chạy trong tiến trình này'
        : '  Bộ gửi tin: chạy riêng bằng `motcua dispatch`',
      '',
    ].join('\n'),
  );
  if (demo.length > 0) printDemoAccounts(demo);
  if (deployed.length > 0)
    console.log(
      `  Thủ tục triển khai mẫu tại Hà Nội và Nghệ An (đã có quy trình, tuyến, gắn cơ quan): ${deployed.join(', ')}\n`,
    );
  else if (config.demoAccounts)
    console.log(`  Tài khoản demo: xem README (mật khẩu ban đầu ${demoPassword})\n`);

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopWatch();
    stopFolding();
    stopReports();
    stopReconciliation();
    await app.close();
    await integrations.close();
    await citizens.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** The citizens' identity provider: the configured one, or the local VNeID simulator. */
async function citizenSignIn(
  config: Config,
): Promise<{ signIn: CitizenSignIn; description: string; close: () => Promise<void> }> {
  if ('issuer' in config.oidc) {
    return { signIn: new CitizenSignIn(config.oidc), description: config.oidc.issuer, close: async () => {} };
  }
  const clientSecret = randomBytes(24).toString('base64url');
  const sim = await startVneidSimulator({
    port: config.oidc.simulatorPort,
    clientId: config.oidc.clientId,
    clientSecret,
  });
  const ids = demoCitizens.map((c) => c.id).join(', ');
  return {
    signIn: new CitizenSignIn({ issuer: sim.issuer, clientId: config.oidc.clientId, clientSecret }),
    description: `VNeID mô phỏng tại ${sim.issuer} (công dân demo: ${ids})`,
    close: sim.close,
  };
}

function printDemoAccounts(demo: DemoAccount[]): void {
  console.log(`  Đã tạo ${demo.length} tài khoản demo, mật khẩu chung: ${demoPassword}`);
  console.log('  (tài khoản quản trị phải thiết lập xác thực hai lớp ở lần đăng nhập đầu)');
  for (const d of demo)
    console.log(`    ${d.username.padEnd(24)} ${vi.role[d.role].padEnd(18)} ${d.agencyCode}`);
  console.log('');
}

/** Where document bytes live: object storage when configured, else the files folder. */
function fileStoreOf(config: Config): FileStore {
  return config.s3 ? new S3FileStore(config.s3) : new DiskFileStore(config.filesDir);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      force: { type: 'boolean' },
      purge: { type: 'boolean' },
      day: { type: 'string' },
      port: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(help);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const database = await open(config);
      const applied = await migrate(database.db);
      console.log(
        applied.length ? `Đã áp dụng: ${applied.join(', ')}` : 'Cấu trúc đã cập nhật, không có gì mới.',
      );
      return database.close();
    }
    case 'seed': {
      const database = await open(config);
      await migrate(database.db);
      const r = await seedReferenceData(database.db, { force: values.force ?? false });
      console.log(
        r.skipped
          ? 'Dữ liệu nền không thay đổi, bỏ qua (dùng --force để nạp lại).'
          : `Đã nạp: ${r.units} đơn vị hành chính, ${r.lineage} quan hệ sáp nhập, ${r.agencies} cơ quan.`,
      );
      const catalog = await seedCatalog({
        db: database.db,
        now: () => new Date(),
        settings: defaultSettings,
      });
      if (!catalog.skipped) console.log(`Đã nạp danh mục mẫu: ${catalog.procedures} thủ tục hành chính.`);
      return database.close();
    }
    case 'verify-audit': {
      const database = await open(config);
      const verdict = await verifyAuditChain(database.db);
      await database.close();
      if (verdict.ok) {
        console.log(`Nhật ký toàn vẹn: ${verdict.rows} dòng, chuỗi băm khớp.`);
        return;
      }
      console.error(
        `Nhật ký bị thay đổi: dòng seq=${verdict.brokenAt} (${verdict.reason}); đã kiểm ${verdict.rows} dòng.`,
      );
      process.exitCode = 3;
      return;
    }
    case 'check-indicators': {
      const database = await open(config);
      const report = await checkIndicators({
        db: database.db,
        now: () => new Date(),
        settings: defaultSettings,
      });
      await database.close();
      for (const t of report.tables)
        console.log(
          `${t.table.padEnd(24)} ${String(t.expected).padStart(9)} ô, lệch ${t.differing}${t.examples.map((e) => `\n    ${e}`).join('')}`,
        );
      if (report.equal) {
        console.log(`Số tổng hợp khớp với tính lại từ nhật ký: ${report.dossiers} hồ sơ.`);
        return;
      }
      console.error(
        `Số tổng hợp lệch với tính lại từ nhật ký (${report.dossiersDiffering}/${report.dossiers} hồ sơ đếm khác).`,
      );
      process.exitCode = 3;
      return;
    }
    case 'check-storage': {
      const database = await open(config);
      const report = await checkStorage(
        { db: database.db, now: () => new Date(), settings: defaultSettings },
        fileStoreOf(config),
        { retentionYears: config.retentionYears, purge: values.purge === true },
      );
      await database.close();
      console.log(`Kho tệp: ${report.files} tệp; CSDL trỏ tới ${report.referenced} tệp.`);
      console.log(`Tệp không có bản ghi: ${report.filesWithoutRecords.count}`);
      for (const f of report.filesWithoutRecords.examples) console.log(`    ${f}`);
      console.log(`Bản ghi mất tệp: ${report.recordsWithoutFiles.count}`);
      for (const m of report.recordsWithoutFiles.examples)
        console.log(`    ${m.sha256}: ${m.records.join('; ')}`);
      console.log(
        `Hết thời hạn lưu trữ (${config.retentionYears} năm): ${report.expired.count} tệp, ${report.expired.bytes} byte` +
          (values.purge ? `; đã xóa ${report.expired.purged}` : ''),
      );
      if (report.recordsWithoutFiles.count > 0) process.exitCode = 3;
      return;
    }
    case 'rebuild-indicators': {
      const database = await open(config);
      await migrate(database.db);
      const { dossiers } = await rebuildIndicators({
        db: database.db,
        now: () => new Date(),
        settings: defaultSettings,
      });
      await database.close();
      console.log(`Đã dựng lại số tổng hợp chỉ số từ nhật ký: ${dossiers} hồ sơ.`);
      return;
    }
    case 'dispatch': {
      const database = await open(config);
      await migrate(database.db);
      const hub = await startIntegrations(
        database,
        { ...config.integrations, dispatchInServer: true },
        config.publicUrl,
        (e) => console.error('outbox dispatcher:', e),
      );
      console.log(['Bộ gửi tin (outbox) đang chạy:', ...hub.description.map((d) => `  ${d}`)].join('\n'));
      const stop = async () => {
        await hub.close();
        await database.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
      return;
    }
    case 'reconcile': {
      const day = values.day ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('Cần --day YYYY-MM-DD');
      const database = await open(config);
      const hub = await startIntegrations(database, { ...config.integrations, dispatchInServer: false });
      try {
        const r = await reconcilePortalDay(
          { db: database.db, now: () => new Date(), settings: defaultSettings },
          hub.portal,
          day,
          'operator',
        );
        console.log(
          `Đối soát ${day}: ta có ${r.ours}, Cổng có ${r.theirs}; thiếu ${r.missing.length}, lệch trạng thái ${r.mismatched.length}, trùng ${r.duplicates.length}, lạ ${r.unknown.length}, đang gửi ${r.inFlight}; đã xếp gửi lại ${r.requeued}.`,
        );
      } finally {
        await hub.close();
        await database.close();
      }
      return;
    }
    case 'simulate':
      return simulate(positionals[1] ?? '', values.port === undefined ? undefined : Number(values.port));
    default:
      process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${help}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
