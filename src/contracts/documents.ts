import { z } from 'zod';

export const DocumentView = z
  .object({
    id: z.uuid(),
    componentCode: z.string(),
    version: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    pages: z.number().int().nullable(),
    fileName: z.string(),
    digitization: z
      .number()
      .int()
      .describe('0 chưa số hóa, 1 số hóa khi tiếp nhận, 2 tái sử dụng thành phần, 3 tái sử dụng kết quả'),
    uploadedAt: z.string(),
    reusedFrom: z.uuid().nullable().describe('Giấy tờ trong Kho dữ liệu được tái sử dụng'),
    declaredPages: z.number().int().nullable().describe('Số trang bản giấy cán bộ khai báo khi quét'),
    purgedAt: z.string().nullable().describe('Thời điểm tệp bị xóa khi hết thời hạn lưu trữ'),
  })
  .meta({ id: 'DossierDocument' });
export type DocumentView = z.infer<typeof DocumentView>;

export const UploadQuery = z.object({
  component: z.string().min(1).max(40).describe('Mã thành phần hồ sơ của phiên bản thủ tục'),
  digitization: z.coerce
    .number()
    .int()
    .min(0)
    .max(1)
    .default(1)
    .describe(
      'Trạng thái số hóa của thành phần: 1 số hóa khi tiếp nhận (mặc định), 0 chỉ ghi nhận; 2 và 3 (tái sử dụng) chỉ đặt được qua “dùng từ Kho dữ liệu”',
    ),
  pages: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('Số trang của bản giấy; bản quét PDF/TIFF phải có đúng số trang này'),
});
