import type { Transporter } from 'nodemailer';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';
import { failureText } from '../outbox/connector.js';

export interface EmailConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  timeoutMs: number;
}

/**
 * E-mail over SMTP (nodemailer). The outbox id becomes the Message-ID, so a repeat after a lost
 * answer carries the same id and a mail system can drop it. A 5xx reply refuses the message itself;
 * anything else (connection, 4xx) is tried again.
 */
export class EmailConnector implements Connector {
  readonly destination = 'email';
  private transport: Transporter | undefined;

  constructor(private readonly config: EmailConfig) {}

  /** The pooled SMTP transport, made at the first mail: nodemailer loads only when mail is sent. */
  private async transporter(): Promise<Transporter> {
    if (this.transport) return this.transport;
    const { default: nodemailer } = await import('nodemailer');
    const config = this.config;
    this.transport ??= nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      pool: true,
      maxConnections: 4,
    });
    return this.transport;
  }

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const p = m.payload as { to?: string; subject?: string; body?: string };
    if (!p.to || !p.subject || !p.body)
      return { outcome: 'reject', error: 'thư thiếu người nhận, tiêu đề hoặc nội dung' };
    try {
      const info = await (
        await this.transporter()
      ).sendMail({
        from: this.config.from,
        to: p.to,
        subject: p.subject,
        text: p.body,
        messageId: `<${m.id}@motcua>`,
      });
      return { outcome: 'sent', receipt: { messageId: info.messageId, response: info.response } };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      const error = failureText(e);
      return code !== undefined && code >= 500 ? { outcome: 'reject', error } : { outcome: 'retry', error };
    }
  }

  close(): void {
    this.transport?.close();
  }
}
