import { z } from 'zod';
import { callJson } from '../http/callJson.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';

export interface SmsConfig {
  url: string;
  token: string;
  /** The registered sender name (brandname) the message shows. */
  brandname: string;
  timeoutMs: number;
}

const Answer = z.object({
  Code: z.number().int(),
  Message: z.string().optional(),
  MessageId: z.string().optional(),
});

/**
 * SMS brandname gateway: one message per call; the outbox id is the request id, so a repeat after
 * a lost answer is recognised by the gateway and not sent to the phone twice.
 */
export class SmsConnector implements Connector {
  readonly destination = 'sms';

  constructor(private readonly config: SmsConfig) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    // A province's own brandname, when it registered one; the installation's otherwise.
    const p = m.payload as { to?: string; text?: string; brandname?: string };
    if (!p.to || !p.text) return { outcome: 'reject', error: 'tin nhắn thiếu số điện thoại hoặc nội dung' };
    const r = await callJson<unknown>(`${this.config.url}/api/sms/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}` },
      body: {
        Brandname: p.brandname ?? this.config.brandname,
        Phone: p.to,
        Message: p.text,
        RequestId: m.id,
      },
      timeoutMs: this.config.timeoutMs,
    });
    if (!r.ok)
      return r.transient ? { outcome: 'retry', error: r.error } : { outcome: 'reject', error: r.error };
    const a = Answer.safeParse(r.body);
    if (!a.success) return { outcome: 'retry', error: 'malformed acknowledgement' };
    if (a.data.Code === 0) return { outcome: 'sent', receipt: { messageId: a.data.MessageId } };
    // 1: invalid phone or content (the message's fault); anything else is the gateway's.
    const error = `Tổng đài SMS từ chối (mã ${a.data.Code}): ${a.data.Message ?? ''}`;
    return a.data.Code === 1 ? { outcome: 'reject', error } : { outcome: 'retry', error };
  }
}
