import { z } from 'zod';

export const PaymentView = z.object({
  id: z.string(),
  amount: z.number().int(),
  feeLines: z.array(z.object({ TenPhi: z.string(), SoTien: z.number() })),
  status: z.enum(['creating', 'waiting', 'paid', 'cancelled', 'refunding', 'refunded']),
  payUrl: z.string().nullable(),
  receiptNo: z.string().nullable().describe('Số chứng từ của nền tảng thanh toán'),
  eReceipt: z
    .object({
      number: z.string(),
      series: z.string(),
      lookupCode: z.string(),
      url: z.string(),
      status: z.enum(['issued', 'cancelled']),
      replaces: z.string().nullable().describe('Số biên lai bị thay thế bởi biên lai này'),
      replacing: z.boolean().describe('Đang chờ nhà cung cấp phát hành biên lai thay thế'),
    })
    .nullable()
    .describe('Biên lai điện tử do nhà cung cấp phát hành khi đã nộp; hủy khi hoàn tiền'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PaymentView = z.infer<typeof PaymentView>;
