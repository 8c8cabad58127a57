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
  kind: z.enum(['delivery', 'pickup']),
  status: z.enum(['creating', 'accepted', 'picked_up', 'in_transit', 'delivered', 'failed']),
  trackingNo: z.string().nullable(),
  recipient: PostalRecipient,
  events: z.array(z.object({ status: z.string(), at: z.string(), note: z.string() })),
  createdAt: z.string(),
});
export type PostalOrderView = z.infer<typeof PostalOrderView>;
