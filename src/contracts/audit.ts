import { z } from 'zod';
import { agencyCode } from './agencies.js';
import { isoInstant, pageQuery } from './common.js';

export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorKind: z.string(),
    actorId: z.string().nullable(),
    actorUsername: z.string().nullable(),
    action: z.string(),
    targetKind: z.string().nullable(),
    targetId: z.string().nullable(),
    agencyCode: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditQuery = z.strictObject({
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  agency: agencyCode.optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  ...pageQuery,
});

export type AuditEntry = z.infer<typeof AuditEntry>;
