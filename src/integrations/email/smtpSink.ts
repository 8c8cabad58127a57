import Fastify from 'fastify';
import { SMTPServer } from 'smtp-server';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  at: string;
}

/**
 * A real SMTP server that keeps what it receives instead of passing it on (smtp-server, parsed by
 * mailparser), with an HTTP side for reading the mailbox and injecting faults: down refuses
 * connections, errorRate answers 451 (try later). A repeated Message-ID is kept once.
 */
export async function startSmtpSink(opts: {
  smtpPort: number;
  httpPort: number;
  host?: string;
}): Promise<RunningSimulator & { smtpPort: number; mails: ReceivedMail[]; faults: FaultInjector }> {
  const host = opts.host ?? '127.0.0.1';
  const mails: ReceivedMail[] = [];
  const seen = new Set<string>();
  const faults = new FaultInjector();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (faults.faults.down)
        return callback(Object.assign(new Error('Dịch vụ tạm ngừng'), { responseCode: 421 }));
      return callback();
    },
    onRcptTo(_address, _session, callback) {
      if (faults.chance(faults.faults.errorRate))
        return callback(Object.assign(new Error('Thử lại sau'), { responseCode: 451 }));
      return callback();
    },
    onData(stream, _session, callback) {
      import('mailparser')
        .then(({ simpleParser }) => simpleParser(stream))
        .then((mail) => {
          const id = mail.messageId ?? `${Date.now()}-${mails.length}`;
          if (!seen.has(id)) {
            seen.add(id);
            const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
            mails.push({
              messageId: id,
              from: mail.from?.text ?? '',
              to: to.flatMap((a) => a.value.map((v) => v.address ?? '')),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              at: new Date().toISOString(),
            });
          }
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });
  const address = smtp.server.address();
  const smtpPort = typeof address === 'object' && address ? address.port : opts.smtpPort;

  const app = Fastify({ logger: false });
  faults.install(app);
  app.get('/_sim/messages', async () => ({ messages: mails }));
  const http = await listenSimulator(app, opts.httpPort, host);
  return {
    ...http,
    smtpPort,
    mails,
    faults,
    close: async () => {
      await http.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
