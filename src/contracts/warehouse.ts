import { z } from 'zod';

export const WarehouseItemView = z
  .object({
    id: z.uuid(),
    kind: z.enum(['result', 'document']).describe('result: kết quả điện tử; document: giấy tờ đã số hóa'),
    typeCode: z.string(),
    title: z.string(),
    number: z.string().nullable(),
    issuedOn: z.string().nullable(),
    issuingAgency: z.string().describe('Tên cơ quan cấp hoặc số hóa'),
    sourceDossier: z.string().describe('Mã hồ sơ đã tạo ra giấy tờ này'),
    contentType: z.string(),
    size: z.number().int(),
    pages: z.number().int().nullable(),
    sha256: z.string(),
    reusable: z.boolean().describe('Chủ sở hữu đồng ý cho tái sử dụng'),
    addedAt: z.string(),
  })
  .meta({ id: 'WarehouseItem' });
export type WarehouseItemView = z.infer<typeof WarehouseItemView>;

export const WarehouseOffer = WarehouseItemView.extend({
  components: z.array(z.string()).describe('Các thành phần hồ sơ mà giấy tờ này thay thế được'),
}).meta({ id: 'WarehouseOffer' });
export type WarehouseOffer = z.infer<typeof WarehouseOffer>;

export const WarehouseAccessView = z
  .object({
    at: z.string(),
    action: z.enum(['list', 'view', 'reuse']),
    purpose: z.string(),
    item: z.string().describe('Tên giấy tờ'),
    official: z.string(),
    agency: z.string().nullable(),
    dossier: z.string().nullable(),
  })
  .meta({ id: 'WarehouseAccess' });
export type WarehouseAccessView = z.infer<typeof WarehouseAccessView>;

export const OffersQuery = z.object({
  idNumber: z.string().regex(/^[0-9]{9,13}$/),
  procedureCode: z.string().min(1).max(40),
  caseCode: z.string().max(40).default(''),
});

export const ReuseRequest = z.strictObject({
  component: z.string().min(1).max(40),
  itemId: z.uuid(),
});
