import { z } from 'zod';
import { roles } from '../domain/access/roles.js';
import { moveKinds, stepPlaces } from '../domain/catalog/workflow.js';

export const WorkflowStep = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, 'Mã bước: chữ, số, gạch; tối đa 20 ký tự'),
  name: z.string().trim().max(200),
  role: z.enum(roles),
  place: z.enum(stepPlaces),
  hours: z.number(),
  dvcqgStatus: z.number().int(),
  kind: z.enum(['receipt', 'work', 'result']),
  moves: z.array(z.strictObject({ to: z.string(), kind: z.enum(moveKinds) })).max(20),
});

/** Where the editor drew each step, by step code; presentation only. */
export const WorkflowLayout = z.record(
  z.string().max(20),
  z.strictObject({ x: z.number().finite(), y: z.number().finite() }),
);

export const WorkflowRequest = z.strictObject({
  caseCode: z.string().max(40).default(''),
  steps: z.array(WorkflowStep).min(2).max(100),
  layout: WorkflowLayout.optional(),
});

export const Workflow = z
  .object({
    procedureCode: z.string(),
    version: z.number().int(),
    caseCode: z.string(),
    revision: z.number().int(),
    steps: z.array(WorkflowStep),
    layout: WorkflowLayout.nullable(),
    allottedHours: z.number().int(),
    legalHours: z.number().int(),
    savedAt: z.string(),
  })
  .meta({ id: 'Workflow' });

export type Workflow = z.infer<typeof Workflow>;
export type WorkflowLayout = z.infer<typeof WorkflowLayout>;
