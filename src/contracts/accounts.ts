import { z } from 'zod';
import { roles } from '../domain/access/roles.js';
import { agencyCode } from './agencies.js';
import { Grant } from './auth.js';
import { isoDay, isoInstant, pageQuery, searchText } from './common.js';

export const AccountSummary = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    agency: z.object({ code: z.string(), name: z.string() }),
    position: z.string().nullable(),
    active: z.boolean(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    mustChangePassword: z.boolean(),
    /** Has never chosen a password (invited, or given a temporary one not used yet). */
    activationPending: z.boolean(),
    secondFactor: z.boolean(),
  })
  .meta({ id: 'AccountSummary' });

export const AccountDetail = AccountSummary.extend({
  phone: z.string().nullable(),
  email: z.string().nullable(),
  grants: z.array(Grant),
}).meta({ id: 'AccountDetail' });

export const AccountListQuery = z.strictObject({
  q: searchText,
  agency: agencyCode.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...pageQuery,
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const NewAccountRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'Từ 3 đến 64 ký tự: chữ thường không dấu, số, dấu chấm, gạch'),
  fullName: z.string().trim().min(1).max(200),
  agencyCode,
  position: optionalText(200),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+ .()-]{6,20}$/, 'Số điện thoại không hợp lệ')
    .nullable()
    .optional(),
  email: z.email().max(200).nullable().optional(),
  validFrom: isoDay.optional(),
  validTo: isoDay.nullable().optional(),
});

export const AccountPatchRequest = z.strictObject({
  fullName: z.string().trim().min(1).max(200).optional(),
  position: optionalText(200),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+ .()-]{6,20}$/, 'Số điện thoại không hợp lệ')
    .nullable()
    .optional(),
  email: z.email().max(200).nullable().optional(),
  active: z.boolean().optional(),
  validTo: isoDay.nullable().optional(),
});

export const NewGrantRequest = z.strictObject({
  role: z.enum(roles),
  agencyCode,
  // No `sectors`: a grant narrowed to sectors was stored but never applied to reach, so the API
  // no longer takes one (a grant covers every sector of its agency).
  validFrom: isoInstant.optional(),
  validTo: isoInstant.nullable().optional(),
  delegatedBy: z.uuid().optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const TemporaryPassword = z.object({ temporaryPassword: z.string() });

export type AccountSummary = z.infer<typeof AccountSummary>;
export type AccountDetail = z.infer<typeof AccountDetail>;

/** What an import of officials (or its dry run) does, row by row. */
export const OfficialsReport = z
  .object({
    dryRun: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    invited: z.number().int(),
    refused: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
    changes: z.array(
      z.object({
        row: z.number().int(),
        username: z.string(),
        outcome: z.enum(['created', 'updated']),
        roles: z.array(z.enum(roles)),
      }),
    ),
  })
  .meta({ id: 'OfficialsReport' });
export type OfficialsReport = z.infer<typeof OfficialsReport>;

export const Reinvitation = z
  .object({
    link: z.string(),
    expiresAt: z.string(),
    sentTo: z.array(z.enum(['email', 'sms'])),
  })
  .meta({ id: 'Reinvitation' });
