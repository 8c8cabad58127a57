import { z } from 'zod';
import { routeModes } from '../domain/catalog/deploymentRoute.js';
import {
  implementingLevels,
  onlineLevels,
  receiptReaches,
  timeUnits,
  versionStatuses,
} from '../domain/catalog/procedureVersion.js';
import { agencyCode } from './agencies.js';
import { isoDay } from './common.js';

const code = z.string().trim().min(1).max(40);
const text = (max: number) => z.string().trim().max(max);
const time = z.strictObject({ amount: z.number().positive(), unit: z.enum(timeUnits) });
const timePair = z.strictObject({ direct: time, online: time });

const Component = z.strictObject({
  code,
  name: text(500),
  required: z.boolean(),
  copies: z.number().int().min(1).default(1),
  form: z.enum(['ban_chinh', 'ban_sao', 'ban_sao_chung_thuc', 'any']).default('any'),
  eformSchema: z.record(z.string(), z.unknown()).nullable().optional(),
  suppliedByNationalDb: text(100).nullable().optional(),
  replaceableByResults: z.array(code).optional(),
  replaceableByComponents: z.array(code).optional(),
});

export const VersionContent = z.strictObject({
  levels: z.array(z.enum(implementingLevels)),
  competentAgencyKinds: z.array(text(100)).default([]),
  onlineLevel: z.enum(onlineLevels),
  crossBoundary: z.enum(receiptReaches).default('none'),
  interAgencyPartners: z.array(text(200)).default([]),
  linkedProcedures: z
    .array(
      z.strictObject({
        system: z.string().regex(/^[a-z0-9_]{2,30}$/),
        procedureCode: code,
        name: text(500),
      }),
    )
    .default([]),
  components: z.array(Component).default([]),
  cases: z
    .array(
      z.strictObject({
        code,
        name: text(500),
        components: z.array(Component),
        time: timePair.nullable().optional(),
      }),
    )
    .default([]),
  time: timePair,
  sameDayCutoff: z.boolean().default(false),
  fees: z
    .array(
      z.strictObject({
        code,
        name: text(300),
        amount: z.number().int().min(0),
        collected: z.enum(['before', 'after']).default('before'),
        exemptions: text(1000).nullable().optional(),
      }),
    )
    .default([]),
  results: z.array(
    z.strictObject({
      code,
      name: text(300),
      mustBeSigned: z.boolean().default(true),
      template: z.string().max(20_000).nullable().optional(),
    }),
  ),
  legalBasis: z.array(text(500)),
  conditions: text(4000).nullable().default(null),
});

export const CatalogVersion = VersionContent.extend({
  version: z.number().int().min(1),
  status: z.enum(versionStatuses),
  decision: z
    .strictObject({ number: text(100).min(1), date: isoDay })
    .nullable()
    .default(null),
  effectiveFrom: isoDay.nullable().default(null),
  effectiveTo: isoDay.nullable().default(null),
});

/** One procedure with its versions: the import/export format (docs/catalog.md). */
export const CatalogRecord = z
  .strictObject({
    code: z.string().trim(),
    name: text(500).min(1),
    ministry: agencyCode,
    sector: z.strictObject({ code, name: text(200).min(1) }),
    example: z.boolean().default(false),
    versions: z.array(CatalogVersion).min(1),
  })
  .meta({ id: 'CatalogRecord' });

export const ImportOutcome = z.object({
  index: z.number().int(),
  code: z.string().nullable(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'rejected']),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});

const named = z.object({ code: z.string(), name: z.string() });
export const ProcedureSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    ministry: named,
    sector: named,
    example: z.boolean(),
    current: z
      .object({
        version: z.number().int(),
        levels: z.array(z.enum(implementingLevels)),
        onlineLevel: z.enum(onlineLevels),
        effectiveFrom: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'ProcedureSummary' });
export const VersionView = z
  .object({
    version: z.number().int(),
    status: z.enum(versionStatuses),
    decision: z.object({ number: z.string(), date: z.string() }).nullable(),
    effectiveFrom: z.string().nullable(),
    effectiveTo: z.string().nullable(),
    content: VersionContent,
  })
  .meta({ id: 'VersionView' });
export const ProcedureDetail = z
  .object({
    code: z.string(),
    name: z.string(),
    ministry: named,
    sector: named,
    example: z.boolean(),
    versions: z.array(VersionView),
  })
  .meta({ id: 'ProcedureDetail' });

/** Publishing a draft: the decision (quyết định công bố) and the day it takes effect. */
export const PublishRequest = z.strictObject({
  decision: z.strictObject({ number: text(100).min(1), date: isoDay }),
  effectiveFrom: isoDay,
});

export const RouteView = z
  .object({
    provinceCode: z.string(),
    provinceName: z.string(),
    mode: z.enum(routeModes),
    effectiveFrom: z.string().nullable(),
    upcoming: z.array(z.object({ mode: z.enum(routeModes), effectiveFrom: z.string() })),
  })
  .meta({ id: 'RouteView' });

export type ProcedureSummary = z.infer<typeof ProcedureSummary>;
export type ProcedureDetail = z.infer<typeof ProcedureDetail>;
export type VersionView = z.infer<typeof VersionView>;
export type RouteView = z.infer<typeof RouteView>;
export type CatalogRecord = z.infer<typeof CatalogRecord>;
export type CatalogVersion = z.infer<typeof CatalogVersion>;
export type ImportOutcome = z.infer<typeof ImportOutcome>;
