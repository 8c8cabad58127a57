import { randomBytes } from 'node:crypto';
import type { IntegrationConfig } from '../config.js';
import type { Database } from '../store/database.js';
import { PortalClient } from './dvcqg/portalClient.js';
import { PortalConnector } from './dvcqg/portalConnector.js';
import { startPortalSimulator } from './dvcqg/portalSimulator.js';
import { EmailConnector } from './email/emailConnector.js';
import { startSmtpSink } from './email/smtpSink.js';
import { Dispatcher } from './outbox/dispatcher.js';
import type { RetryPolicy } from './outbox/retryPolicy.js';
import { PopulationClient } from './population/populationClient.js';
import { startPopulationSimulator } from './population/populationSimulator.js';
import { PaymentConnector } from './payment/paymentConnector.js';
import { startPaymentSimulator } from './payment/paymentSimulator.js';
import { DocmgmtConnector } from './docmgmt/docmgmtConnector.js';
import { startDocmgmtSimulator } from './docmgmt/docmgmtSimulator.js';
import { EReceiptConnector } from './ereceipt/ereceiptConnector.js';
import { ExchangeConnector } from './exchange/exchangeConnector.js';
import { startExchangeSimulator } from './exchange/exchangeSimulator.js';
import { startEReceiptSimulator } from './ereceipt/ereceiptSimulator.js';
import { PostalConnector } from './postal/postalConnector.js';
import { startPostalSimulator } from './postal/postalSimulator.js';
import { SmsConnector } from './sms/smsConnector.js';
import { startSmsSimulator } from './sms/smsSimulator.js';

/** The external systems as the server uses them: clients, the dispatcher, and what runs locally. */
export interface Integrations {
  portal: PortalClient;
  population: PopulationClient;
  /** Verifies the payment platform's callbacks. */
  paymentSecret: string;
  /** Verifies the events the national portal sends (what citizens do there); unset, they are refused. */
  portalEventSecret: string | undefined;
  /** Authenticates the postal service's status reports. */
  postalCallbackToken: string;
  /** Verifies the document-management system's callbacks. */
  docmgmtSecret: string;
  /** Verifies the inter-agency exchange platform's callbacks. */
  exchangeSecret: string;
  dispatcher: Dispatcher | null;
  /** The local portal simulator, when the portal is simulated: connect it to push online dossiers. */
  portalSimulator: { url: string; connect: (system: { url: string; key: string }) => void } | null;
  /** One line per system: where it is (and whether it is a local simulator). */
  description: string[];
  close(): Promise<void>;
}

/**
 * Connects each external system that is configured and starts a local simulator for each that is
 * not (development, demos, tests), then the outbox dispatcher when it runs in this process.
 */
export async function startIntegrations(
  database: Database,
  config: IntegrationConfig,
  publicUrl = '',
  onError: (e: unknown) => void = () => {},
  /** This system's address as external systems reach it (callbacks); default `publicUrl`. */
  selfUrl: () => string = () => publicUrl,
): Promise<Integrations> {
  const closers: (() => Promise<void> | void)[] = [];
  const description: string[] = [];
  const port = (offset: number) => (config.simulatorBasePort === 0 ? 0 : config.simulatorBasePort + offset);
  const secret = () => randomBytes(18).toString('base64url');

  let portal = config.portal;
  let portalSimulator: Integrations['portalSimulator'] = null;
  if (!portal) {
    const token = secret();
    const eventSecret = secret();
    const sim = await startPortalSimulator({ port: port(0), token, eventSecret });
    closers.push(sim.close);
    portalSimulator = sim;
    portal = { url: sim.url, token, eventSecret };
    description.push(`Cổng DVCQG mô phỏng:      ${sim.url}/_sim/state`);
  } else description.push(`Cổng DVCQG:               ${portal.url}`);

  let population = config.population;
  if (!population) {
    const token = secret();
    const sim = await startPopulationSimulator({ port: port(1), token });
    closers.push(sim.close);
    population = { url: sim.url, token };
    description.push(`CSDL dân cư mô phỏng:     ${sim.url}/api/congdan/{số định danh}`);
  } else description.push(`CSDL quốc gia về dân cư:  ${population.url}`);

  let sms = config.sms;
  if (!sms) {
    const token = secret();
    const sim = await startSmsSimulator({ port: port(2), token });
    closers.push(sim.close);
    sms = { url: sim.url, token };
    description.push(`Tổng đài SMS mô phỏng:    ${sim.url}/_sim/messages`);
  } else description.push(`Tổng đài SMS brandname:   ${sms.url}`);

  let email = config.email;
  if (!email) {
    const sim = await startSmtpSink({ smtpPort: port(3), httpPort: port(4) });
    closers.push(sim.close);
    email = { host: '127.0.0.1', port: sim.smtpPort, secure: false };
    description.push(
      `Hộp thư SMTP mô phỏng:    smtp://127.0.0.1:${sim.smtpPort}, thư đã nhận ${sim.url}/_sim/messages`,
    );
  } else description.push(`Máy chủ thư SMTP:         ${email.host}:${email.port}`);

  let payment = config.payment;
  if (!payment) {
    const token = secret();
    const paymentSecret = secret();
    const sim = await startPaymentSimulator({ port: port(5), token, secret: paymentSecret });
    closers.push(sim.close);
    payment = { url: sim.url, token, secret: paymentSecret };
    description.push(`Thanh toán mô phỏng:       ${sim.url}/_sim/state`);
  } else description.push(`Nền tảng thanh toán:      ${payment.url}`);

  let postal = config.postal;
  if (!postal) {
    const token = secret();
    const callbackToken = secret();
    const sim = await startPostalSimulator({ port: port(6), token, callbackToken });
    closers.push(sim.close);
    postal = { url: sim.url, token, callbackToken };
    description.push(`Bưu chính mô phỏng:        ${sim.url}/_sim/state`);
  } else description.push(`Bưu chính công ích:       ${postal.url}`);

  let docmgmt = config.docmgmt;
  if (!docmgmt) {
    const token = secret();
    const docmgmtSecret = secret();
    const sim = await startDocmgmtSimulator({ port: port(7), token, secret: docmgmtSecret });
    closers.push(sim.close);
    docmgmt = { url: sim.url, token, secret: docmgmtSecret };
    description.push(`Quản lý văn bản mô phỏng: ${sim.url}/_sim/state`);
  } else description.push(`Quản lý văn bản, ký số:   ${docmgmt.url}`);

  let ereceipt = config.ereceipt;
  if (!ereceipt) {
    const token = secret();
    const sim = await startEReceiptSimulator({ port: port(8), token });
    closers.push(sim.close);
    ereceipt = { url: sim.url, token };
    description.push(`Biên lai điện tử mô phỏng: ${sim.url}/_sim/state`);
  } else description.push(`Biên lai điện tử:         ${ereceipt.url}`);

  let exchange = config.exchange;
  if (!exchange) {
    const token = secret();
    const exchangeSecret = secret();
    const sim = await startExchangeSimulator({ port: port(9), token, secret: exchangeSecret });
    closers.push(sim.close);
    exchange = { url: sim.url, token, secret: exchangeSecret };
    description.push(`Liên thông mô phỏng:      ${sim.url}/_sim/state`);
  } else description.push(`Nền tảng liên thông:      ${exchange.url}`);

  const timeoutMs = config.timeoutMs;
  const portalClient = new PortalClient({ ...portal, timeoutMs });
  const emailConnector = new EmailConnector({ ...email, from: config.mailFrom, timeoutMs });
  closers.push(() => emailConnector.close());
  let dispatcher: Dispatcher | null = null;
  if (config.dispatchInServer) {
    const retry: RetryPolicy = config.retry;
    dispatcher = new Dispatcher({
      db: database.db,
      listen: database.listen,
      connectors: [
        new PortalConnector(database.db, portalClient, publicUrl),
        new SmsConnector({ ...sms, brandname: config.smsBrandname, timeoutMs }),
        emailConnector,
        new PaymentConnector(database.db, { ...payment, timeoutMs }, selfUrl),
        new PostalConnector(database.db, { ...postal, timeoutMs }, selfUrl),
        new DocmgmtConnector(database.db, { ...docmgmt, timeoutMs }, selfUrl),
        new EReceiptConnector(database.db, { ...ereceipt, timeoutMs }),
        new ExchangeConnector(database.db, { ...exchange, timeoutMs }, selfUrl),
      ],
      retry: {
        dvcqg: retry,
        sms: retry,
        email: retry,
        payment: retry,
        postal: retry,
        docmgmt: retry,
        ereceipt: retry,
        exchange: retry,
      },
      workers: config.workers,
      // A claim outlives the slowest call: the portal's create, update and history, each timed out.
      leaseMs: timeoutMs * 4,
      onError,
    });
    await dispatcher.start();
  }
  return {
    portal: portalClient,
    population: new PopulationClient({ ...population, timeoutMs }),
    paymentSecret: payment.secret,
    portalEventSecret: portal.eventSecret,
    postalCallbackToken: postal.callbackToken,
    docmgmtSecret: docmgmt.secret,
    exchangeSecret: exchange.secret,
    dispatcher,
    portalSimulator,
    description,
    close: async () => {
      await dispatcher?.stop();
      for (const close of closers.reverse()) await close();
    },
  };
}
