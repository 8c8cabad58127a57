import type { AddressInfo } from 'node:net';
import type { ServerOptions } from '../../src/http/server.js';
import { startWithDossier } from './dossierFixtures.js';
import type { TestServer } from './testServer.js';
import type { Database } from '../../src/store/database.js';
import { PortalClient } from '../../src/integrations/dvcqg/portalClient.js';
import { PortalConnector } from '../../src/integrations/dvcqg/portalConnector.js';
import { startPortalSimulator } from '../../src/integrations/dvcqg/portalSimulator.js';
import { Dispatcher, type DispatcherOptions } from '../../src/integrations/outbox/dispatcher.js';
import { SmsConnector } from '../../src/integrations/sms/smsConnector.js';
import { startSmsSimulator } from '../../src/integrations/sms/smsSimulator.js';
import { EmailConnector } from '../../src/integrations/email/emailConnector.js';
import { startSmtpSink } from '../../src/integrations/email/smtpSink.js';
import { PaymentConnector } from '../../src/integrations/payment/paymentConnector.js';
import { startPaymentSimulator } from '../../src/integrations/payment/paymentSimulator.js';
import { PostalConnector } from '../../src/integrations/postal/postalConnector.js';
import { startPostalSimulator } from '../../src/integrations/postal/postalSimulator.js';
import { DocmgmtConnector } from '../../src/integrations/docmgmt/docmgmtConnector.js';
import { startDocmgmtSimulator } from '../../src/integrations/docmgmt/docmgmtSimulator.js';
import { ExchangeConnector } from '../../src/integrations/exchange/exchangeConnector.js';
import { startExchangeSimulator } from '../../src/integrations/exchange/exchangeSimulator.js';
import { EReceiptConnector } from '../../src/integrations/ereceipt/ereceiptConnector.js';
import { startEReceiptSimulator } from '../../src/integrations/ereceipt/ereceiptSimulator.js';

/** Quick retries, so that fault tests see recovery in seconds. */
export const quickRetry = { baseMs: 50, capMs: 1_000, maxAttempts: 8 };

/**
 * The portal, SMS and e-mail simulators on free ports, and dispatchers (not started) delivering to
 * them from `database` (or the database a function gives, for a server started after the hub).
 */
export async function startTestHub(
  database: Database | (() => Database),
  opts: Partial<DispatcherOptions> = {},
) {
  const db = () => (typeof database === 'function' ? database() : database);
  const token = 'test-token';
  const portalEventSecret = 'test-portal-event-secret-0123456789';
  const portal = await startPortalSimulator({ port: 0, token, eventSecret: portalEventSecret });
  const sms = await startSmsSimulator({ port: 0, token });
  const mail = await startSmtpSink({ smtpPort: 0, httpPort: 0 });
  const paymentSecret = 'test-payment-secret-0123456789';
  const payment = await startPaymentSimulator({ port: 0, token, secret: paymentSecret });
  const postalCallbackToken = 'test-postal-callback-token';
  const postal = await startPostalSimulator({ port: 0, token, callbackToken: postalCallbackToken });
  const docmgmtSecret = 'test-docmgmt-secret-0123456789';
  const docmgmt = await startDocmgmtSimulator({ port: 0, token, secret: docmgmtSecret });
  const ereceipt = await startEReceiptSimulator({ port: 0, token });
  const exchangeSecret = 'test-exchange-secret-0123456789';
  const exchange = await startExchangeSimulator({ port: 0, token, secret: exchangeSecret, stepMs: 20 });
  /** Where the platform calls back: set once the test server listens. */
  const self = { url: 'http://127.0.0.1:1' };
  const portalClient = new PortalClient({ url: portal.url, token, timeoutMs: 2_000 });
  const email = new EmailConnector({
    host: '127.0.0.1',
    port: mail.smtpPort,
    secure: false,
    from: 'motcua <khong-tra-loi@motcua.local>',
    timeoutMs: 2_000,
  });
  const dispatcher = (extra: Partial<DispatcherOptions> = {}) =>
    new Dispatcher({
      db: db().db,
      listen: db().listen,
      connectors: [
        new PortalConnector(db().db, portalClient, 'https://motcua.example'),
        new SmsConnector({ url: sms.url, token, brandname: 'MOTCUA', timeoutMs: 2_000 }),
        email,
        new PaymentConnector(db().db, { url: payment.url, token, timeoutMs: 2_000 }, () => self.url),
        new PostalConnector(db().db, { url: postal.url, token, timeoutMs: 2_000 }, () => self.url),
        new DocmgmtConnector(db().db, { url: docmgmt.url, token, timeoutMs: 2_000 }, () => self.url),
        new EReceiptConnector(db().db, { url: ereceipt.url, token, timeoutMs: 2_000 }),
        new ExchangeConnector(
          db().db,
          { url: exchange.url, token, secret: exchangeSecret, timeoutMs: 2_000 },
          () => self.url,
        ),
      ],
      retry: {
        dvcqg: quickRetry,
        sms: quickRetry,
        email: quickRetry,
        payment: quickRetry,
        postal: quickRetry,
        ereceipt: quickRetry,
        exchange: quickRetry,
      },
      leaseMs: 10_000,
      pollMs: 100,
      ...opts,
      ...extra,
    });
  return {
    portal,
    portalEventSecret,
    sms,
    mail,
    portalClient,
    payment,
    paymentSecret,
    postal,
    postalCallbackToken,
    docmgmt,
    docmgmtSecret,
    ereceipt,
    exchange,
    exchangeSecret,
    self,
    dispatcher,
    /** Runs passes until nothing is claimable (messages waiting on a retry time are left). */
    drain: async (d: Dispatcher) => {
      while ((await d.pass()) > 0);
    },
    close: async () => {
      email.close();
      await portal.close();
      await sms.close();
      await mail.close();
      await payment.close();
      await postal.close();
      await docmgmt.close();
      await ereceipt.close();
      await exchange.close();
    },
  };
}

/**
 * A listening server on the real clock with VD.000005 deployed and one dossier received, its
 * external systems the hub's simulators (`pick` chooses what the server is told), and callbacks
 * pointed at it.
 */
export async function startWithHub(
  pick: (hub: TestHub) => ServerOptions['integrations'],
  extra: Partial<ServerOptions> = {},
) {
  const holder: { server?: TestServer } = {};
  const hub = await startTestHub(() => {
    if (!holder.server) throw new Error('the server is not started yet');
    return holder.server.db.database;
  });
  const started = await startWithDossier(
    { integrations: pick(hub), now: () => new Date(), ...extra },
    new Date(),
  );
  const server = (holder.server = started.s);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  hub.self.url = base;
  return {
    ...started,
    hub,
    base,
    close: async () => {
      await hub.close();
      await started.s.close();
    },
  };
}

export type TestHub = Awaited<ReturnType<typeof startTestHub>>;
