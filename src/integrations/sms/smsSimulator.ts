import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';

const Send = z.object({
  Brandname: z.string().min(1).max(11),
  Phone: z.string(),
  Message: z.string().min(1).max(1530),
  RequestId: z.string().min(1).max(100),
});

export interface SentSms {
  id: string;
  requestId: string;
  brandname: string;
  phone: string;
  message: string;
  at: string;
}

/** An SMS brandname gateway: takes messages, keeps what it "sent", drops repeated request ids. */
export async function startSmsSimulator(opts: {
  port: number;
  token: string;
  host?: string;
}): Promise<RunningSimulator & { sent: SentSms[]; faults: FaultInjector }> {
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  const sent: SentSms[] = [];
  const byRequest = new Map<string, SentSms>();
  app.post('/api/sms/send', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${opts.token}`)
      return reply.code(401).send({ Code: 401, Message: 'Sai mã truy cập' });
    const parsed = Send.safeParse(request.body);
    if (!parsed.success) return { Code: 1, Message: parsed.error.issues.map((i) => i.message).join('; ') };
    const b = parsed.data;
    if (!/^0[35789]\d{8}$/.test(b.Phone)) return { Code: 1, Message: 'Số điện thoại không hợp lệ' };
    const earlier = byRequest.get(b.RequestId);
    if (earlier) return { Code: 0, MessageId: earlier.id, Message: 'Đã gửi trước đó' };
    const sms = {
      id: randomUUID(),
      requestId: b.RequestId,
      brandname: b.Brandname,
      phone: b.Phone,
      message: b.Message,
      at: new Date().toISOString(),
    };
    sent.push(sms);
    byRequest.set(b.RequestId, sms);
    return { Code: 0, MessageId: sms.id };
  });
  app.get('/_sim/messages', async () => ({ messages: sent }));
  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, sent, faults };
}
