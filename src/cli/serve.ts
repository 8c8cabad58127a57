import { tmpdir } from 'node:os';
import type { Config } from '../config.js';
import { readFile } from 'node:fs/promises';
import { buildServer } from '../http/server.js';
import { openReadReplica } from '../store/readReplica.js';
import { LocalCertificateAuthority } from '../app/signing/localCertificateAuthority.js';
import { certificatesFromPem } from '../app/signing/certificates.js';
import { randomBytes } from 'node:crypto';
import { issueSystemClientKey } from '../app/integrations/apiClients.js';
import { CitizenSignIn } from '../app/citizens/citizenSignIn.js';
import { demoCitizens } from '../integrations/vneid/demoCitizens.js';
import { startVneidSimulator } from '../integrations/vneid/vneidSimulator.js';
import { vi } from '../domain/i18n/vi.js';
import { demoPassword, type DemoAccount } from '../seed/demoAccounts.js';
import { seedDemoSystem } from '../seed/demoSystem.js';
import { demoActivity, demoOptions } from './demoCommand.js';
import { watchOrphans } from '../app/dossiers/orphanWatch.js';
import { scheduleEventRelease } from '../jobs/portalEventRelease.js';
import { startIntegrations } from '../integrations/hub.js';
import { scheduleDailyReconciliation } from '../jobs/dailyReconciliation.js';
import { scheduleIndicatorFolding } from '../jobs/indicatorFolding.js';
import { scheduleMonthlyReports } from '../jobs/monthlyReports.js';
import { scheduleAdminAlerts } from '../jobs/adminAlerts.js';
import { countUncounted } from '../app/reports/countIndicators.js';
import { contextOf, fileStoreOf, open, prepare } from './runtime.js';

export async function serve(config: Config): Promise<void> {
  const started = performance.now();
  // The citizens' identity provider (its simulator's modules load) while the database opens.
  const citizensStarting = citizenSignIn(config);
  citizensStarting.catch(() => undefined); // its failure is reported where it is awaited
  let database = await open(config);
  const readReplica = config.databaseReadUrl ? openReadReplica(config.databaseReadUrl) : undefined;
  const prepared = await prepare(database);
  const { accounts: demo, deployed } = config.demoAccounts
    ? await seedDemoSystem(database.db, new Date())
    : { accounts: [], deployed: [] };
  // The first start of a demo may live a few weeks through the use cases before it opens.
  const lived = demo.length > 0 && config.demoActivity;
  if (lived) await demoActivity(database.db, demoOptions({}));
  const reopen = (prepared || lived) && database.engine === 'pglite';
  if (reopen) {
    // The embedded engine never returns the WebAssembly memory that creating and loading its
    // database grew (it idled at ~700 MB after a first start); opened again, it idles as after a
    // restart (BENCHMARKS.md, "Start-up").
    await database.close();
    database = await open(config);
  }
  const citizens = await citizensStarting;
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
    ...(readReplica ? { readReplica } : {}),
    citizenSignIn: citizens.signIn,
    selfUrl: () => selfUrl,
    logger: { level: config.logLevel },
    settings: { sessionIdleMs: config.sessionIdleMs, sessionMaxMs: config.sessionMaxMs, brand: config.brand },
    trustProxy: config.trustProxy,
    rateLimitPerMinute: config.rateLimits.accountPerMinute,
    anonymousPerMinute: config.rateLimits.anonymousPerMinute,
    loginPerMinute: config.rateLimits.loginPerMinute,
    admission: config.admission,
    metrics: config.metrics,
    files: await fileStoreOf(config),
    stagingDir: config.s3 ? tmpdir() : config.filesDir,
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
    portalEventWaitMs: config.portalEventWaitMs,
    publicUrl: config.publicUrl,
    integrations: {
      portal: integrations.portal,
      population: integrations.population,
      paymentSecret: integrations.paymentSecret,
      postalCallbackToken: integrations.postalCallbackToken,
      docmgmtSecret: integrations.docmgmtSecret,
      exchangeSecret: integrations.exchangeSecret,
      ...(integrations.portalEventSecret ? { portalEventSecret: integrations.portalEventSecret } : {}),
    },
  });
  await app.listen({ port: config.port, host: config.host });
  const stopReconciliation = scheduleDailyReconciliation(contextOf(config, database), integrations.portal, {
    onError: (e) => app.log.error({ err: e }, 'daily reconciliation failed'),
  });
  const counted = await countUncounted(contextOf(config, database));
  if (counted > 0) app.log.info({ counted }, 'dossiers counted into the indicator sums');
  const reports = scheduleMonthlyReports(
    contextOf(config, database),
    3_600_000,
    (scopes) => app.log.info({ scopes }, 'monthly reports generated'),
    (e) => app.log.error({ err: e }, 'monthly reports failed'),
  );
  const stopFolding = scheduleIndicatorFolding(
    contextOf(config, database),
    1000,
    (e) => app.log.error({ err: e }, 'indicator folding failed'),
    reports.check,
  );
  const stopWatch = watchOrphans(contextOf(config, database), 60_000, (e) =>
    app.log.error({ err: e }, 'orphan watch failed'),
  );
  const stopReleasing = scheduleEventRelease(contextOf(config, database), config.portalEventWaitMs, (e) =>
    app.log.error({ err: e }, 'releasing waiting portal events failed'),
  );
  const stopAlerts = scheduleAdminAlerts(contextOf(config, database), 60_000, (e) =>
    app.log.error({ err: e }, 'administrator alerts failed'),
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
      key: await issueSystemClientKey(contextOf(config, database), 'Cổng DVCQG (mô phỏng)', [
        'dossiers.submit',
        'portal.events',
      ]),
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
      ...(readReplica ? ['  Báo cáo, chỉ số đọc từ bản sao: DATABASE_READ_URL'] : []),
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
  if (demo.length > 0 && !config.demoActivity)
    console.log(
      '  Muốn có sẵn vài tuần hoạt động mẫu: xóa thư mục dữ liệu rồi chạy DEMO_ACTIVITY=true npm start\n',
    );

  // An idle process runs no collection: the closed engine's memory went back within 3 s of a
  // first start in some runs only (360-630 MB). `npm start` exposes `gc` for this one, once ready.
  if (reopen) (globalThis as { gc?: () => void }).gc?.();

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopWatch();
    stopAlerts();
    stopReleasing();
    stopFolding();
    reports.stop();
    stopReconciliation();
    await app.close();
    await integrations.close();
    await citizens.close();
    await readReplica?.close();
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
