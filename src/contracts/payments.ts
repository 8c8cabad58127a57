import { z } from 'zod';

export const PaymentView = z.object({
  id: z.string(),
  amount: z.number().int(),
  feeLines: z.array(z.object({ TenPhi: z.string(), SoTien: z.number() })),
  status: z.enum(['creating', 'waiting', 'paid', 'cancelled', 'refunding', 'refunded']),
  payUrl: z.string().nullable(),
  receiptNo: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PaymentView = z.infer<typeof PaymentView>;
