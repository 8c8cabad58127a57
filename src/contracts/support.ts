import { z } from 'zod';
import { incidentStatuses, severities } from '../domain/support/incident.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const SupportContactBody = z.strictObject({
  areaKind: z.enum(['national', 'province', 'ministry']),
  /** The province's code or the ministry's agency code; none for the national desk. */
  areaCode: z.string().trim().max(20).nullable().default(null),
  name: text(200),
  unit: text(300),
  phone: text(40),
  email: z.email().max(200).nullable().default(null),
  hours: text(200),
  /** How else to reach them: a Zalo group link, a hotline portal. */
  channel: z.string().trim().max(500).nullable().default(null),
});
export type SupportContactBody = z.infer<typeof SupportContactBody>;

export const SupportContact = SupportContactBody.extend({
  id: z.uuid(),
  areaName: z.string(),
  email: z.string().nullable(),
  updatedAt: z.string(),
});
export type SupportContact = z.infer<typeof SupportContact>;

export const IncidentBody = z.strictObject({
  title: text(200),
  description: text(4000),
  severity: z.enum(severities),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .nullable()
    .default(null),
  procedure: z.string().trim().max(60).nullable().default(null),
  feedback: z
    .string()
    .regex(/^PA-\d{4}-\d{6,}$/)
    .nullable()
    .default(null),
});
export type IncidentBody = z.infer<typeof IncidentBody>;

export const IncidentView = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  severity: z.enum(severities),
  province: z.string().nullable(),
  procedure: z.string().nullable(),
  feedback: z.string().nullable(),
  reporterAgency: z.string(),
  openedAt: z.string(),
  acknowledgeBy: z.string(),
  resolveBy: z.string(),
  status: z.enum(incidentStatuses),
  acknowledgedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Acknowledged or closed after its target, or still not at `now` past it. */
  lateAcknowledge: z.boolean(),
  lateResolve: z.boolean(),
  resolution: z.string().nullable(),
  log: z.array(z.object({ at: z.string(), by: z.string(), action: z.string(), note: z.string().nullable() })),
  version: z.number().int(),
});
export type IncidentView = z.infer<typeof IncidentView>;

export const IncidentCommandBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('acknowledge'), expectedVersion: z.number().int() }),
  z.strictObject({ type: z.literal('work'), note: text(2000), expectedVersion: z.number().int() }),
  z.strictObject({ type: z.literal('close'), resolution: text(4000), expectedVersion: z.number().int() }),
]);
export type IncidentCommandBody = z.infer<typeof IncidentCommandBody>;
