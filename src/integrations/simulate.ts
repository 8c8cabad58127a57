import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { startPortalSimulator } from './dvcqg/portalSimulator.js';
import { startSmtpSink } from './email/smtpSink.js';
import { startPopulationSimulator } from './population/populationSimulator.js';
import { startSmsSimulator } from './sms/smsSimulator.js';
import { startPaymentSimulator } from './payment/paymentSimulator.js';
import { startPostalSimulator } from './postal/postalSimulator.js';
import { startDocmgmtSimulator } from './docmgmt/docmgmtSimulator.js';
import { startEReceiptSimulator } from './ereceipt/ereceiptSimulator.js';
import { startExchangeSimulator } from './exchange/exchangeSimulator.js';
import { startVneidSimulator } from './vneid/vneidSimulator.js';

interface Started {
  /** What `serve` and `dispatch` are configured with to use this simulator. */
  env: Record<string, string>;
  lines: string[];
  close: () => Promise<void>;
}

const secret = (name: string) => process.env[name] ?? randomBytes(24).toString('base64url');

/** Each simulated system: its default port and how it starts (with the shared token). */
const systems: Record<string, { port: number; start: (port: number, token: string) => Promise<Started> }> = {
  portal: {
    port: 4010,
    async start(port, token) {
      const eventSecret = secret('DVCQG_EVENT_SECRET');
      const s = await startPortalSimulator({ port, token, eventSecret });
      const env = { DVCQG_URL: s.url, DVCQG_TOKEN: token, DVCQG_EVENT_SECRET: eventSecret };
      return {
        env,
        lines: [`Cổng DVCQG mô phỏng: ${s.url}`, `  trạng thái: ${s.url}/_sim/state`],
        close: s.close,
      };
    },
  },
  population: {
    port: 4011,
    async start(port, token) {
      const s = await startPopulationSimulator({ port, token });
      const env = { POPULATION_URL: s.url, POPULATION_TOKEN: token };
      return { env, lines: [`CSDL dân cư mô phỏng: ${s.url}`], close: s.close };
    },
  },
  sms: {
    port: 4012,
    async start(port, token) {
      const s = await startSmsSimulator({ port, token });
      const env = { SMS_URL: s.url, SMS_TOKEN: token };
      return {
        env,
        lines: [`Tổng đài SMS mô phỏng: ${s.url}`, `  tin đã gửi: ${s.url}/_sim/messages`],
        close: s.close,
      };
    },
  },
  email: {
    port: 2525,
    async start(port) {
      const s = await startSmtpSink({ smtpPort: port, httpPort: 0 });
      const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(s.smtpPort) };
      return { env, lines: [`Hộp thư SMTP mô phỏng, thư đã nhận: ${s.url}/_sim/messages`], close: s.close };
    },
  },
  payment: {
    port: 4015,
    async start(port, token) {
      const paymentSecret = secret('PAYMENT_SECRET');
      const s = await startPaymentSimulator({ port, token, secret: paymentSecret });
      const env = { PAYMENT_URL: s.url, PAYMENT_TOKEN: token, PAYMENT_SECRET: paymentSecret };
      return {
        env,
        lines: [`Nền tảng thanh toán mô phỏng: ${s.url}`, `  giao dịch: ${s.url}/_sim/state`],
        close: s.close,
      };
    },
  },
  postal: {
    port: 4016,
    async start(port, token) {
      const callbackToken = secret('POSTAL_CALLBACK_TOKEN');
      const s = await startPostalSimulator({ port, token, callbackToken });
      const env = { POSTAL_URL: s.url, POSTAL_TOKEN: token, POSTAL_CALLBACK_TOKEN: callbackToken };
      const lines = [
        `Bưu chính mô phỏng: ${s.url}`,
        `  bưu gửi: ${s.url}/_sim/state; đổi trạng thái: POST ${s.url}/_sim/parcels/<số hiệu>/status {"status":"delivered"}`,
      ];
      return { env, lines, close: s.close };
    },
  },
  docmgmt: {
    port: 4017,
    async start(port, token) {
      const docmgmtSecret = secret('DOCMGMT_SECRET');
      const s = await startDocmgmtSimulator({ port, token, secret: docmgmtSecret });
      const env = { DOCMGMT_URL: s.url, DOCMGMT_TOKEN: token, DOCMGMT_SECRET: docmgmtSecret };
      return { env, lines: [`Quản lý văn bản, ký số mô phỏng: ${s.url}`], close: s.close };
    },
  },
  ereceipt: {
    port: 4019,
    async start(port, token) {
      const s = await startEReceiptSimulator({ port, token });
      const env = { ERECEIPT_URL: s.url, ERECEIPT_TOKEN: token };
      return {
        env,
        lines: [`Biên lai điện tử mô phỏng: ${s.url}`, `  biên lai đã phát hành: ${s.url}/_sim/state`],
        close: s.close,
      };
    },
  },
  vneid: {
    port: 4018,
    // One identity provider for every node of a cluster, as VNeID is (each `serve` alone runs its own).
    async start(port) {
      const clientId = process.env['OIDC_CLIENT_ID'] ?? 'motcua';
      const clientSecret = secret('OIDC_CLIENT_SECRET');
      const s = await startVneidSimulator({ port, clientId, clientSecret });
      const env = { OIDC_ISSUER: s.issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret };
      return { env, lines: [`VNeID mô phỏng: ${s.issuer}`], close: s.close };
    },
  },
  exchange: {
    port: 4020,
    async start(port, token) {
      const exchangeSecret = secret('EXCHANGE_SECRET');
      const s = await startExchangeSimulator({ port, token, secret: exchangeSecret });
      const env = { EXCHANGE_URL: s.url, EXCHANGE_TOKEN: token, EXCHANGE_SECRET: exchangeSecret };
      const lines = [
        `Liên thông (cư trú, BHXH, thuế) mô phỏng: ${s.url}`,
        `  yêu cầu: ${s.url}/_sim/state; báo trạng thái: POST ${s.url}/_sim/requests/<mã hồ sơ>/status {"status":"DaCoKetQua"}`,
      ];
      return { env, lines, close: s.close };
    },
  },
};

export const simulatedSystems = Object.keys(systems);

/**
 * `motcua simulate <system>|all`: runs one simulator, or every one (`all`, on ports from `port`,
 * 4010 by default, in the order listed), in the foreground until interrupted, printing the settings
 * `serve` and `dispatch` take to use them (the token is SIMULATOR_TOKEN, or a fresh one); `out`
 * also writes them to a file a shell can source. Faults are set through `PUT <address>/_sim/faults`.
 */
export async function simulate(system: string, port?: number, out?: string): Promise<void> {
  const token = process.env['SIMULATOR_TOKEN'] ?? randomBytes(18).toString('base64url');
  const chosen = system === 'all' ? simulatedSystems : systems[system] ? [system] : [];
  if (chosen.length === 0)
    throw new Error(`Cần chọn: motcua simulate ${simulatedSystems.join('|')}|all [--port N] [--out TỆP]`);
  const started: Started[] = [];
  for (const [i, name] of chosen.entries()) {
    const s = systems[name] as (typeof systems)[string];
    const at = system === 'all' ? (port ?? 4010) + i : (port ?? s.port);
    started.push(await s.start(at, token));
  }
  const env = Object.assign({}, ...started.map((s) => s.env)) as Record<string, string>;
  const settings = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  if (out) writeFileSync(out, settings.join('\n') + '\n', { mode: 0o600 });
  console.log(
    [
      '',
      ...started.flatMap((s) => s.lines),
      '',
      ...settings.map((l) => `  ${l}`),
      '  (lỗi giả lập: PUT <địa chỉ>/_sim/faults)',
      '',
    ].join('\n'),
  );
  const stop = () => void Promise.all(started.map((s) => s.close())).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
