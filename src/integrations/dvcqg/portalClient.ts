import { z } from 'zod';
import { callJson } from '../http/callJson.js';
import type { PortalDossier, PortalHistoryEntry } from './portalMessage.js';

/** The portal's answer codes. */
export const PortalCode = { ok: 0, invalid: 1, exists: 2, notFound: 3 } as const;

const Ack = z.object({ error_code: z.number().int(), message: z.string().optional() });
const Listing = Ack.extend({
  data: z.array(
    z.object({
      MaHoSo: z.string(),
      TrangThaiHoSo: z.number().int(),
      MaDonViXuLy: z.string(),
      // What else the portal shows, where its listing gives it: compared by the reconciliation.
      NgayHenTra: z.string().optional(),
      DaThanhToan: z.number().int().optional(),
      SoTaiLieu: z.number().int().optional(),
      SoKetQua: z.number().int().optional(),
      MucDoHaiLong: z.number().int().optional(),
      PhienBan: z.number().int(),
    }),
  ),
});
export type PortalListing = z.infer<typeof Listing>['data'];

export interface PortalConfig {
  url: string;
  token: string;
  timeoutMs: number;
}

export type PortalAnswer =
  { kind: 'ack'; code: number; message: string } | { kind: 'failed'; transient: boolean; error: string };

/** The national portal's synchronization API (DVCQG): dossiers, process history, listings. */
export class PortalClient {
  constructor(private readonly config: PortalConfig) {}

  createDossier(message: PortalDossier, messageId: string): Promise<PortalAnswer> {
    return this.send('POST', '/dvcqg/hoso', message, messageId);
  }

  updateDossier(message: PortalDossier, messageId: string): Promise<PortalAnswer> {
    return this.send('PUT', `/dvcqg/hoso/${encodeURIComponent(message.MaHoSo)}`, message, messageId);
  }

  addHistory(code: string, entries: PortalHistoryEntry[], messageId: string): Promise<PortalAnswer> {
    return this.send(
      'POST',
      `/dvcqg/hoso/${encodeURIComponent(code)}/tientrinh`,
      { TienTrinh: entries },
      messageId,
    );
  }

  /** Every dossier the portal holds that was submitted on `day` (yyyyMMdd), repeats included. */
  async listDay(day: string): Promise<PortalListing> {
    const r = await callJson<unknown>(`${this.config.url}/dvcqg/hoso?ngay=${day}`, {
      method: 'GET',
      headers: this.auth(),
      timeoutMs: this.config.timeoutMs * 3,
    });
    if (!r.ok) throw new Error(`Cổng DVCQG không trả danh sách: ${r.error}`);
    const parsed = Listing.safeParse(r.body);
    if (!parsed.success || parsed.data.error_code !== PortalCode.ok)
      throw new Error('Cổng DVCQG trả danh sách không đọc được');
    return parsed.data.data;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.config.token}` };
  }

  private async send(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    messageId: string,
  ): Promise<PortalAnswer> {
    const r = await callJson<unknown>(`${this.config.url}${path}`, {
      method,
      body,
      headers: { ...this.auth(), 'x-message-id': messageId },
      timeoutMs: this.config.timeoutMs,
    });
    if (!r.ok) return { kind: 'failed', transient: r.transient, error: r.error };
    const ack = Ack.safeParse(r.body);
    if (!ack.success) return { kind: 'failed', transient: true, error: 'malformed acknowledgement' };
    return { kind: 'ack', code: ack.data.error_code, message: ack.data.message ?? '' };
  }
}
