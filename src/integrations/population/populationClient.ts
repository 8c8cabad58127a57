import { z } from 'zod';
import { callJson } from '../http/callJson.js';
import type { Resident } from './population.js';

const Answer = z.object({
  error_code: z.number().int(),
  data: z
    .object({
      SoDinhDanh: z.string(),
      HoVaTen: z.string(),
      NgaySinh: z.string().regex(/^\d{8}$/),
      GioiTinh: z.union([z.literal(1), z.literal(2)]),
      NoiThuongTru: z.object({ MaXa: z.string(), ChiTiet: z.string() }),
    })
    .optional(),
});

export type LookupResult = { found: true; resident: Resident } | { found: false } | { unavailable: string };

/** The national population database: look a citizen up by their 12-digit ID. */
export class PopulationClient {
  constructor(private readonly config: { url: string; token: string; timeoutMs: number }) {}

  async lookup(idNumber: string): Promise<LookupResult> {
    const r = await callJson<unknown>(`${this.config.url}/api/congdan/${encodeURIComponent(idNumber)}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${this.config.token}` },
      timeoutMs: this.config.timeoutMs,
    });
    if (!r.ok) return r.status === 404 ? { found: false } : { unavailable: r.error };
    const a = Answer.safeParse(r.body);
    if (!a.success || a.data.error_code !== 0 || !a.data.data) return { unavailable: 'malformed answer' };
    const d = a.data.data;
    return {
      found: true,
      resident: {
        idNumber: d.SoDinhDanh,
        name: d.HoVaTen,
        birthDate: `${d.NgaySinh.slice(0, 4)}-${d.NgaySinh.slice(4, 6)}-${d.NgaySinh.slice(6)}`,
        gender: d.GioiTinh === 1 ? 'male' : 'female',
        permanentAddress: { communeCode: d.NoiThuongTru.MaXa, detail: d.NoiThuongTru.ChiTiet },
      },
    };
  }
}
