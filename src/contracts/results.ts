import { z } from 'zod';

export const ResultView = z.object({
  id: z.string(),
  status: z
    .enum(['drafted', 'sent', 'signed', 'imported'])
    .describe(
      'imported: kết quả do hệ thống một cửa của tỉnh cấp, chuyển sang khi chuyển đổi (không ký lại)',
    ),
  title: z.string(),
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  signer: z.string().nullable(),
  issuingAgency: z.string(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
  verificationCode: z.string().nullable().describe('Mã xác minh in trên văn bản (mã QR)'),
});
export type ResultView = z.infer<typeof ResultView>;

export const PublicResultView = z
  .object({
    code: z.string(),
    title: z.string(),
    number: z.string().nullable(),
    issuedOn: z.string().nullable(),
    issuingAgency: z.string(),
    holder: z.string().nullable().describe('Họ tên người được cấp, đã che'),
    holderIdNumber: z.string().nullable().describe('Số định danh, đã che'),
    signer: z.string().nullable(),
    signedAt: z.string().nullable(),
    sha256: z.string(),
  })
  .meta({ id: 'PublicResult' });
export type PublicResultView = z.infer<typeof PublicResultView>;

export const SignatureVerdictView = z.object({
  valid: z.boolean(),
  signer: z.string().nullable(),
  issuer: z.string().nullable(),
  serial: z.string().nullable(),
  signedAt: z.string().nullable(),
  checks: z.array(
    z.object({
      check: z.enum(['integrity', 'trust', 'validity', 'revocation']),
      ok: z.boolean(),
      reason: z.string(),
    }),
  ),
});

export const PublicResultCheck = z
  .object({
    matches: z.boolean().describe('Tệp đưa ra trùng khớp (mã băm SHA-256) với văn bản đã ban hành'),
    presentedSha256: z.string(),
    signature: SignatureVerdictView.nullable().describe('Kiểm tra chữ ký số của tệp (khi gửi tệp)'),
  })
  .meta({ id: 'PublicResultCheck' });
export type PublicResultCheck = z.infer<typeof PublicResultCheck>;
