import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createAccount,
  grantRole,
  resetPassword,
  revokeGrant,
  updateAccount,
} from '../../app/accounts/accountCommands.js';
import { getAccount, listAccounts } from '../../app/accounts/accountQueries.js';
import type { AppContext } from '../../app/context.js';
import { listAudit } from '../../app/audit/listAudit.js';
import {
  AccountDetail,
  AccountListQuery,
  AccountPatchRequest,
  AccountSummary,
  NewAccountRequest,
  NewGrantRequest,
  OfficialsReport,
  Reinvitation,
  TemporaryPassword,
} from '../../contracts/accounts.js';
import { dryRunQuery } from '../../contracts/agencies.js';
import { resendActivation } from '../../app/accounts/reinvite.js';
import { importOfficials, officialsEditor } from '../../app/accounts/importOfficials.js';
import { uploadedFile } from '../upload.js';
import { AuditEntry, AuditQuery } from '../../contracts/audit.js';
import { pageOf, ProblemSchema, writeProblems } from '../../contracts/common.js';
import { clientInfo } from '../auth.js';
import { exportFormat, sendTable } from '../sendTable.js';
import type { Column } from '../../app/export/tableFile.js';
import { recordExport } from '../../app/export/recordExport.js';
import { vnDayTime } from '../../domain/calendar/localDate.js';

const tags = ['Quản trị tài khoản, phân quyền'];
const errors = writeProblems;
const idParams = z.strictObject({ id: z.uuid() });
const accountColumns: Column<AccountSummary>[] = [
  { title: 'Tên đăng nhập', value: (a) => a.username, width: 24 },
  { title: 'Họ và tên', value: (a) => a.fullName, width: 28 },
  { title: 'Chức vụ', value: (a) => a.position, width: 24 },
  { title: 'Mã cơ quan', value: (a) => a.agency.code, width: 18 },
  { title: 'Cơ quan', value: (a) => a.agency.name, width: 44 },
  { title: 'Đang hoạt động', value: (a) => (a.active ? 'Có' : 'Không'), width: 12 },
  { title: 'Hiệu lực từ', value: (a) => a.validFrom, width: 12 },
  { title: 'Hiệu lực đến', value: (a) => a.validTo, width: 12 },
  { title: 'Xác thực hai lớp', value: (a) => (a.secondFactor ? 'Có' : 'Không'), width: 12 },
];
const auditColumns: Column<AuditEntry>[] = [
  { title: 'STT', value: (e) => e.seq, width: 8 },
  { title: 'Thời điểm', value: (e) => vnDayTime(e.at), width: 18 },
  { title: 'Người thực hiện', value: (e) => e.actorUsername ?? e.actorKind, width: 22 },
  { title: 'Việc', value: (e) => e.action, width: 22 },
  { title: 'Đối tượng', value: (e) => [e.targetKind, e.targetId].filter(Boolean).join(' '), width: 40 },
  { title: 'Cơ quan', value: (e) => e.agencyCode, width: 18 },
  { title: 'Chi tiết', value: (e) => JSON.stringify(e.detail), width: 50 },
  { title: 'Địa chỉ IP', value: (e) => e.ip, width: 16 },
];

export function accountRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/accounts/import',
      {
        schema: {
          tags,
          summary:
            'Nhập cán bộ và vai trò từ tệp CSV hoặc Excel (trường "file"): dryRun=true chỉ báo cáo từng dòng; dryRun=false tạo tài khoản không mật khẩu và gửi liên kết kích hoạt qua thư điện tử, SMS; nhập lại cùng tệp không thay đổi gì',
          querystring: dryRunQuery,
          consumes: ['multipart/form-data'],
          response: { 200: OfficialsReport, ...errors, 413: ProblemSchema, 415: ProblemSchema },
        },
      },
      async (request) => {
        const editor = await officialsEditor(ctx, request.actor);
        const bytes = await (await uploadedFile(request)).bytes();
        return importOfficials(ctx, editor, bytes, request.query.dryRun === 'true', clientInfo(request));
      },
    );

    app.get(
      '/api/v1/accounts',
      {
        schema: {
          tags,
          summary: 'Tài khoản trong phạm vi quản lý',
          querystring: AccountListQuery,
          response: { 200: pageOf(AccountSummary), ...errors },
        },
      },
      (request) => listAccounts(ctx, request.actor, request.query),
    );

    app.get(
      '/api/v1/accounts/:id',
      {
        schema: {
          tags,
          summary: 'Một tài khoản và các lần phân quyền',
          params: idParams,
          response: { 200: AccountDetail, ...errors },
        },
      },
      (request) => getAccount(ctx, request.actor, request.params.id),
    );

    app.post(
      '/api/v1/accounts',
      {
        schema: {
          tags,
          summary: 'Tạo tài khoản (trả về mật khẩu tạm, phải đổi khi đăng nhập lần đầu)',
          body: NewAccountRequest,
          response: { 201: z.object({ id: z.string(), temporaryPassword: z.string() }), ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createAccount(ctx, request.actor, request.body, clientInfo(request))),
    );

    app.patch(
      '/api/v1/accounts/:id',
      {
        schema: {
          tags,
          summary: 'Sửa thông tin, khóa hoặc mở khóa tài khoản',
          params: idParams,
          body: AccountPatchRequest,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await updateAccount(ctx, request.actor, request.params.id, request.body, clientInfo(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/accounts/:id/activation',
      {
        schema: {
          tags,
          summary:
            'Gửi lại liên kết kích hoạt cho tài khoản chưa đặt mật khẩu (liên kết cũ hết hiệu lực; gửi thư điện tử, tin nhắn nếu có)',
          params: idParams,
          response: { 200: Reinvitation, ...errors },
        },
      },
      (request) => resendActivation(ctx, request.actor, request.params.id, clientInfo(request)),
    );

    app.post(
      '/api/v1/accounts/:id/reset-password',
      {
        schema: {
          tags,
          summary: 'Cấp lại mật khẩu tạm',
          params: idParams,
          response: { 200: TemporaryPassword, ...errors },
        },
      },
      (request) => resetPassword(ctx, request.actor, request.params.id, clientInfo(request)),
    );

    app.post(
      '/api/v1/accounts/:id/grants',
      {
        schema: {
          tags,
          summary: 'Giao vai trò tại một cơ quan (hoặc ủy quyền có thời hạn)',
          params: idParams,
          body: NewGrantRequest,
          response: { 201: z.object({ id: z.string() }), ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await grantRole(ctx, request.actor, request.params.id, request.body, clientInfo(request))),
    );

    app.delete(
      '/api/v1/accounts/:id/grants/:grantId',
      {
        schema: {
          tags,
          summary: 'Thu hồi vai trò',
          params: z.strictObject({ id: z.uuid(), grantId: z.uuid() }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await revokeGrant(ctx, request.actor, request.params.id, request.params.grantId, clientInfo(request));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/accounts/export',
      {
        schema: {
          tags,
          summary: 'Xuất danh sách tài khoản đang xem (cùng bộ lọc, cùng phạm vi) ra CSV hoặc Excel',
          querystring: AccountListQuery.omit({ limit: true, cursor: true }).extend(exportFormat),
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query;
        return sendTable(
          reply,
          format,
          { name: 'tai-khoan', title: 'Tài khoản, phân quyền' },
          accountColumns,
          (cursor) => listAccounts(ctx, request.actor, { ...filters, limit: 500, cursor }),
          (rows) => recordExport(ctx, request.actor, 'account', { filters, rows }, clientInfo(request)),
        );
      },
    );

    app.get(
      '/api/v1/audit/export',
      {
        schema: {
          tags: ['Nhật ký'],
          summary: 'Xuất nhật ký hệ thống đang xem (cùng bộ lọc, cùng phạm vi) ra CSV hoặc Excel',
          querystring: AuditQuery.omit({ limit: true, cursor: true }).extend(exportFormat),
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query;
        return sendTable(
          reply,
          format,
          { name: 'nhat-ky', title: 'Nhật ký hệ thống' },
          auditColumns,
          (cursor) => listAudit(ctx, request.actor, { ...filters, limit: 500, cursor }),
          (rows) => recordExport(ctx, request.actor, 'audit', { filters, rows }, clientInfo(request)),
        );
      },
    );

    app.get(
      '/api/v1/audit',
      {
        schema: {
          tags: ['Nhật ký'],
          summary: 'Nhật ký hệ thống trong phạm vi',
          querystring: AuditQuery,
          response: { 200: pageOf(AuditEntry), ...errors },
        },
      },
      (request) => listAudit(ctx, request.actor, request.query),
    );
  };
}
