import { z } from 'zod';
import { ratingLevels, ratingReasons } from '../domain/reports/ratings.js';

export const PublicDossierStatus = z
  .object({
    code: z.string(),
    procedureName: z.string(),
    status: z.number().int(),
    statusName: z.string(),
    explanation: z.string().describe('Trạng thái bằng lời, cho người nộp'),
    submittedAt: z.string(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable().describe('Ngày hẹn trả kết quả'),
    agencyName: z.string().describe('Cơ quan đang giữ hồ sơ'),
    province: z
      .string()
      .nullable()
      .describe('Tỉnh của cơ quan đang giữ hồ sơ (để hiện thông báo công khai của tỉnh)'),
    asked: z
      .object({
        kind: z.enum(['supplement', 'payment']),
        since: z.string(),
        reason: z.string(),
        components: z.array(z.string()).describe('Giấy tờ cần bổ sung'),
        amount: z.number().nullable().describe('Số tiền phải nộp (đồng)'),
        payUrl: z.string().nullable().describe('Trang thanh toán trực tuyến, khi đã sẵn sàng'),
      })
      .nullable()
      .describe('Điều cơ quan đang chờ người nộp thực hiện'),
    history: z
      .array(
        z.object({
          at: z.string(),
          action: z.string().describe('Việc đã làm (tên thao tác, hoặc nhãn trên hệ thống cũ của tỉnh)'),
          statusName: z.string(),
          agencyName: z.string(),
        }),
      )
      .describe('Quá trình xử lý, cũ trước; không nêu tên cán bộ'),
    group: z
      .object({
        status: z.enum(['in_progress', 'done', 'attention']),
        statusName: z.string(),
        linked: z.array(
          z.object({
            procedureName: z.string(),
            systemName: z.string(),
            code: z.string().nullable().describe('Mã hồ sơ trên hệ thống giải quyết thủ tục đó'),
            statusName: z.string(),
            result: z.string().nullable(),
          }),
        ),
      })
      .nullable()
      .describe('Nhóm thủ tục liên thông: hồ sơ này và các hồ sơ nó khởi tạo ở hệ thống khác'),
    receipts: z
      .array(
        z.object({
          number: z.string(),
          amount: z.number(),
          lookupCode: z.string(),
          url: z.string(),
          status: z.enum(['issued', 'cancelled']),
        }),
      )
      .describe('Biên lai điện tử các khoản đã nộp'),
    canRate: z.boolean().describe('Hồ sơ đã giải quyết xong: người nộp được đánh giá mức độ hài lòng'),
    rating: z.enum(ratingLevels).nullable(),
  })
  .meta({ id: 'PublicDossierStatus' });
export type PublicDossierStatus = z.infer<typeof PublicDossierStatus>;

export const RatingBody = z.strictObject({
  level: z.enum(ratingLevels),
  reasons: z.array(z.enum(ratingReasons)).max(ratingReasons.length).default([]),
  comment: z.string().trim().max(1000).optional(),
});
export type RatingBody = z.infer<typeof RatingBody>;

/** The public status page of a dossier (the web app's route): in QR codes and notices. */
export const statusPagePath = (code: string): string => `/tra-cuu/${encodeURIComponent(code)}`;
