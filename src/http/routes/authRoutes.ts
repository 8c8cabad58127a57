import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword, confirmTotp, getMe, logout, startTotpSetup } from '../../app/auth/account.js';
import { login } from '../../app/auth/login.js';
import { activate, activationInfo } from '../../app/auth/activation.js';
import type { AppContext } from '../../app/context.js';
import {
  ActivateRequest,
  activationToken,
  ActivationView,
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  Me,
  TotpConfirm,
  TotpSetup,
  TotpSetupBody,
} from '../../contracts/auth.js';
import { ProblemSchema } from '../../contracts/common.js';
import { clearSessionCookie, clientInfo, requireSession, setSessionCookie } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Đăng nhập, tài khoản của tôi'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema };

export function authRoutes(ctx: AppContext, loginPerMinute: number): FastifyPluginAsyncZod {
  // Sign-in and activation are limited per address whoever calls: a session of one's own does not
  // buy attempts on others.
  const perAddress = {
    rateLimit: {
      max: loginPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (req: { ip: string }) => `address:${req.ip}`,
    },
  };
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: perAddress,
        schema: {
          security: publicOperation,
          tags,
          summary: 'Đăng nhập cán bộ (mật khẩu, và mã OTP khi vai trò yêu cầu)',
          body: LoginRequest,
          response: { 200: LoginResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await login(ctx, request.body, clientInfo(request));
        setSessionCookie(request, reply, ctx, result.token);
        return { stage: result.stage, csrfToken: result.csrfToken };
      },
    );

    app.get(
      '/api/v1/activation/:token',
      {
        config: perAddress,
        schema: {
          security: publicOperation,
          tags,
          summary: 'Tài khoản mà một liên kết kích hoạt mở ra (còn hiệu lực, chưa dùng)',
          params: z.strictObject({ token: activationToken }),
          response: { 200: ActivationView, 404: ProblemSchema, ...errors },
        },
      },
      (request) => activationInfo(ctx, request.params.token),
    );

    app.post(
      '/api/v1/activation/:token',
      {
        config: perAddress,
        schema: {
          security: publicOperation,
          tags,
          summary:
            'Kích hoạt tài khoản: đặt mật khẩu lần đầu qua liên kết dùng một lần, rồi đăng nhập (quản trị viên đăng ký xác thực hai lớp ngay sau đó)',
          params: z.strictObject({ token: activationToken }),
          body: ActivateRequest,
          response: { 200: LoginResponse, 404: ProblemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const result = await activate(ctx, request.params.token, request.body.password, clientInfo(request));
        setSessionCookie(request, reply, ctx, result.token);
        return { stage: result.stage, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      { schema: { tags, summary: 'Đăng xuất phiên này', response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await logout(ctx, requireSession(request), false, clientInfo(request));
        clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/auth/logout-all',
      { schema: { tags, summary: 'Đăng xuất khỏi mọi thiết bị', response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await logout(ctx, requireSession(request), true, clientInfo(request));
        clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me',
      {
        schema: {
          tags,
          summary: 'Tài khoản đang đăng nhập và các vai trò đang hiệu lực',
          response: { 200: Me, ...errors },
        },
      },
      async (request) => {
        const session = requireSession(request);
        return { ...(await getMe(ctx, session.actor)), csrfToken: session.csrfToken };
      },
    );

    app.post(
      '/api/v1/me/password',
      {
        schema: {
          tags,
          summary: 'Đổi mật khẩu (phiên được cấp lại)',
          body: ChangePasswordRequest,
          response: { 200: LoginResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await changePassword(ctx, requireSession(request), request.body, clientInfo(request));
        setSessionCookie(request, reply, ctx, result.token);
        return { stage: result.stage, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/api/v1/me/totp/setup',
      {
        schema: {
          tags,
          summary: 'Khởi tạo xác thực hai lớp (TOTP); thay thiết bị đã đăng ký cần mật khẩu và mã hiện tại',
          body: TotpSetupBody,
          response: { 200: TotpSetup, ...errors },
        },
      },
      async (request) => startTotpSetup(ctx, requireSession(request).actor, request.body ?? {}),
    );

    app.post(
      '/api/v1/me/totp/confirm',
      {
        schema: {
          tags,
          summary: 'Xác nhận mã TOTP đầu tiên',
          body: TotpConfirm,
          response: { 200: LoginResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await confirmTotp(ctx, requireSession(request), request.body.otp, clientInfo(request));
        setSessionCookie(request, reply, ctx, result.token);
        return { stage: result.stage, csrfToken: result.csrfToken };
      },
    );
  };
}
