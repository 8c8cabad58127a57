import { z } from 'zod';
import { roles } from '../domain/access/roles.js';

export const LoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  otp: z
    .string()
    .regex(/^\d{6}$/, 'Mã OTP gồm 6 chữ số')
    .optional(),
});

export const SessionStage = z.enum(['full', 'change_password', 'enroll_totp']);

export const LoginResponse = z.object({
  stage: SessionStage,
  csrfToken: z.string(),
});

export const Grant = z
  .object({
    id: z.string(),
    role: z.enum(roles),
    agency: z.object({ code: z.string(), name: z.string() }),
    sectors: z.array(z.string()).nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    delegatedBy: z.string().nullable(),
    reason: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Grant' });

export const Me = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    agency: z.object({ code: z.string(), name: z.string() }),
    position: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    stage: SessionStage,
    secondFactor: z.enum(['enrolled', 'required', 'optional']),
    grants: z.array(Grant),
    csrfToken: z.string(),
  })
  .meta({ id: 'Me' });

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
/** Replacing an enrolled second factor: the current password and a current code. */
export const TotpSetupBody = z
  .strictObject({
    currentPassword: z.string().min(1).max(256).optional(),
    otp: z
      .string()
      .regex(/^\d{6}$/, 'Mã OTP gồm 6 chữ số')
      .optional(),
  })
  .nullish();
export const TotpConfirm = z.strictObject({ otp: z.string().regex(/^\d{6}$/, 'Mã OTP gồm 6 chữ số') });

export type Me = z.infer<typeof Me>;
export type Grant = z.infer<typeof Grant>;
export type LoginResponse = z.infer<typeof LoginResponse>;

/** An activation link's token (what follows /kich-hoat/ in the link sent to the official). */
export const activationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Liên kết kích hoạt không đúng');

/** What an activation link opens: whose account, until when, and whether a second factor follows. */
export const ActivationView = z
  .object({
    username: z.string(),
    fullName: z.string(),
    agency: z.object({ code: z.string(), name: z.string() }),
    expiresAt: z.string(),
    secondFactor: z.boolean(),
  })
  .meta({ id: 'ActivationView' });

export const ActivateRequest = z
  .strictObject({ password: z.string().min(1).max(200) })
  .meta({ id: 'ActivateRequest' });
