import { randomBytes } from 'node:crypto';
import { startPortalSimulator } from './dvcqg/portalSimulator.js';
import { startSmtpSink } from './email/smtpSink.js';
import { startPopulationSimulator } from './population/populationSimulator.js';
import { startSmsSimulator } from './sms/smsSimulator.js';
import { startPaymentSimulator } from './payment/paymentSimulator.js';
import { startPostalSimulator } from './postal/postalSimulator.js';
import { startDocmgmtSimulator } from './docmgmt/docmgmtSimulator.js';
import { startVneidSimulator } from './vneid/vneidSimulator.js';

const defaultPorts = {
  portal: 4010,
  population: 4011,
  sms: 4012,
  email: 2525,
  payment: 4015,
  postal: 4016,
  docmgmt: 4017,
  vneid: 4018,
} as const;

/**
 * `motcua simulate <system>`: runs one simulator in the foreground until interrupted, printing its
 * address and the token to configure (SIMULATOR_TOKEN, or a fresh one). Faults are set through
 * `PUT <address>/_sim/faults`.
 */
export async function simulate(system: string, port?: number): Promise<void> {
  const token = process.env['SIMULATOR_TOKEN'] ?? randomBytes(18).toString('base64url');
  let lines: string[];
  let close: () => Promise<void>;
  switch (system) {
    case 'portal': {
      const s = await startPortalSimulator({ port: port ?? defaultPorts.portal, token });
      lines = [
        `Cổng DVCQG mô phỏng: ${s.url}`,
        `  DVCQG_URL=${s.url} DVCQG_TOKEN=${token}`,
        `  trạng thái: ${s.url}/_sim/state`,
      ];
      close = s.close;
      break;
    }
    case 'population': {
      const s = await startPopulationSimulator({ port: port ?? defaultPorts.population, token });
      lines = [`CSDL dân cư mô phỏng: ${s.url}`, `  POPULATION_URL=${s.url} POPULATION_TOKEN=${token}`];
      close = s.close;
      break;
    }
    case 'sms': {
      const s = await startSmsSimulator({ port: port ?? defaultPorts.sms, token });
      lines = [
        `Tổng đài SMS mô phỏng: ${s.url}`,
        `  SMS_URL=${s.url} SMS_TOKEN=${token}`,
        `  tin đã gửi: ${s.url}/_sim/messages`,
      ];
      close = s.close;
      break;
    }
    case 'email': {
      const s = await startSmtpSink({ smtpPort: port ?? defaultPorts.email, httpPort: 0 });
      lines = [
        `Hộp thư SMTP mô phỏng: SMTP_HOST=127.0.0.1 SMTP_PORT=${s.smtpPort}`,
        `  thư đã nhận: ${s.url}/_sim/messages`,
      ];
      close = s.close;
      break;
    }
    case 'payment': {
      const secret = process.env['PAYMENT_SECRET'] ?? randomBytes(24).toString('base64url');
      const s = await startPaymentSimulator({ port: port ?? defaultPorts.payment, token, secret });
      lines = [
        `Nền tảng thanh toán mô phỏng: ${s.url}`,
        `  PAYMENT_URL=${s.url} PAYMENT_TOKEN=${token} PAYMENT_SECRET=${secret}`,
        `  giao dịch: ${s.url}/_sim/state`,
      ];
      close = s.close;
      break;
    }
    case 'postal': {
      const callbackToken = process.env['POSTAL_CALLBACK_TOKEN'] ?? randomBytes(24).toString('base64url');
      const s = await startPostalSimulator({ port: port ?? defaultPorts.postal, token, callbackToken });
      lines = [
        `Bưu chính mô phỏng: ${s.url}`,
        `  POSTAL_URL=${s.url} POSTAL_TOKEN=${token} POSTAL_CALLBACK_TOKEN=${callbackToken}`,
        `  bưu gửi: ${s.url}/_sim/state; đổi trạng thái: POST ${s.url}/_sim/parcels/<số hiệu>/status {"status":"delivered"}`,
      ];
      close = s.close;
      break;
    }
    case 'docmgmt': {
      const secret = process.env['DOCMGMT_SECRET'] ?? randomBytes(24).toString('base64url');
      const s = await startDocmgmtSimulator({ port: port ?? defaultPorts.docmgmt, token, secret });
      lines = [
        `Quản lý văn bản, ký số mô phỏng: ${s.url}`,
        `  DOCMGMT_URL=${s.url} DOCMGMT_TOKEN=${token} DOCMGMT_SECRET=${secret}`,
      ];
      close = s.close;
      break;
    }
    case 'vneid': {
      // One identity provider for every node of a cluster, as VNeID is (each `serve` alone runs its own).
      const clientId = process.env['OIDC_CLIENT_ID'] ?? 'motcua';
      const clientSecret = process.env['OIDC_CLIENT_SECRET'] ?? randomBytes(24).toString('base64url');
      const s = await startVneidSimulator({ port: port ?? defaultPorts.vneid, clientId, clientSecret });
      lines = [
        `VNeID mô phỏng: ${s.issuer}`,
        `  OIDC_ISSUER=${s.issuer} OIDC_CLIENT_ID=${clientId} OIDC_CLIENT_SECRET=${clientSecret}`,
      ];
      close = s.close;
      break;
    }
    default:
      throw new Error(
        'Cần chọn: motcua simulate portal|population|sms|email|payment|postal|docmgmt|vneid [--port N]',
      );
  }
  console.log(['', ...lines, '  (lỗi giả lập: PUT <địa chỉ>/_sim/faults)', ''].join('\n'));
  const stop = () => void close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
