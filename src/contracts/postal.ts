import { z } from 'zod';

export const PostalRecipient = z.strictObject({
  name: z.string().trim().min(1).max(200),
  phone: z.string().regex(/^0\d{9}$/, 'Số điện thoại 10 chữ số, bắt đầu bằng 0'),
  address: z.string().trim().min(1).max(500),
  communeCode: z.string().regex(/^\d{5}$/, 'Mã xã 5 chữ số'),
});
export type PostalRecipient = z.infer<typeof PostalRecipient>;

export const PostalOrderView = z.object({
  id: z.string(),
  /** originals: a dossier's original papers sent to its competent agency (received across boundaries). */
  kind: z.enum(['delivery', 'pickup', 'originals']),
  status: z.enum(['creating', 'accepted', 'picked_up', 'in_transit', 'delivered', 'failed']),
  trackingNo: z.string().nullable(),
  /** A person (phone, commune), or for originals the competent agency (no phone; its unit's code). */
  recipient: z.object({ name: z.string(), phone: z.string(), address: z.string(), communeCode: z.string() }),
  events: z.array(z.object({ status: z.string(), at: z.string(), note: z.string() })),
  createdAt: z.string(),
});
export type PostalOrderView = z.infer<typeof PostalOrderView>;
