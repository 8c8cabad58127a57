import { CitizenEventView, DossierMessageView } from './portalEvents.js';
import { isoInstant } from './common.js';
import { z } from 'zod';
import { agencyCode } from './agencies.js';
import type { ActionType, CommandType } from '../domain/dossier/lifecycle.js';
import { exchangeKinds, exchangeStatuses } from '../domain/exchange/exchange.js';

const text = (max: number) => z.string().trim().max(max);

export const Applicant = z.strictObject({
  kind: z.enum(['individual', 'business', 'agency']),
  idNumber: z.string().trim().max(20),
  name: text(200),
  phone: text(20).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  address: z.strictObject({ communeCode: z.string().max(5), detail: text(300) }),
});

export const IntakeBody = z.strictObject({
  procedureCode: z.string().max(40),
  caseCode: z.string().max(40).optional(),
  applicant: Applicant,
  representative: z
    .strictObject({
      name: text(200).min(1),
      idNumber: z.string().trim().max(20),
      authorization: text(300).min(1),
    })
    .nullable()
    .optional(),
  components: z
    .array(
      z.strictObject({
        code: z.string().max(40),
        copies: z.number().int().min(0).max(100),
        files: z.array(z.string().max(100)).max(50).optional(),
      }),
    )
    .max(100),
  eform: z.record(z.string().max(40), z.unknown()).default({}),
  summary: text(2000).optional(),
  /**
   * Received outside the competent agency (phi địa giới): where the applicant collects the result,
   * at this counter (the default) or at the competent agency.
   */
  returnAt: z.enum(['here', 'competent']).optional(),
});

export const IntakeResult = z.object({
  code: z.string(),
  status: z.number().int(),
  version: z.number().int(),
  agencyCode: z.string(),
  /** The agency competent for it: another than `agencyCode` when received across boundaries. */
  competentAgency: z.object({ code: z.string(), name: z.string() }),
  due: z.string().nullable(),
  created: z.boolean(),
});

const v = { expectedVersion: z.number().int().min(0) };
const reason = text(2000);
const step = z.string().max(20);
/** Every lifecycle command, as the actions endpoint takes it. */
export const ActionBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('receive'), ...v }),
  z.strictObject({ type: z.literal('refuse'), reason, ...v }),
  z.strictObject({
    type: z.literal('forward'),
    toStep: step,
    agencyCode: agencyCode.optional(),
    assigneeId: z.uuid().nullable().optional(),
    ...v,
  }),
  z.strictObject({ type: z.literal('return_to_step'), toStep: step, reason, ...v }),
  z.strictObject({ type: z.literal('transfer'), agencyCode, reason, ...v }),
  z.strictObject({
    type: z.literal('request_supplement'),
    reason,
    components: z.array(z.string().max(40)).max(50),
    ...v,
  }),
  z.strictObject({ type: z.literal('receive_supplement'), ...v }),
  z.strictObject({
    type: z.literal('consult'),
    consultationId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    toStep: step,
    agencyCode: agencyCode.optional(),
    ...v,
  }),
  z.strictObject({
    type: z.literal('consult_reply'),
    consultationId: z.string().max(40),
    outcome: z.enum(['accepted', 'answered', 'refused']),
    note: text(2000).default(''),
    ...v,
  }),
  z.strictObject({
    type: z.literal('request_payment'),
    amount: z.number().int().min(1).max(10_000_000_000),
    reason: reason.optional(),
    ...v,
  }),
  z.strictObject({ type: z.literal('record_payment'), ...v }),
  z.strictObject({
    type: z.literal('propose_extension'),
    newDue: isoInstant,
    reason,
    ...v,
  }),
  z.strictObject({ type: z.literal('approve_extension'), ...v }),
  z.strictObject({ type: z.literal('request_withdrawal'), reason, ...v }),
  z.strictObject({ type: z.literal('withdraw'), reason, ...v }),
  z.strictObject({ type: z.literal('stop'), reason, ...v }),
  z.strictObject({ type: z.literal('issue_result'), ...v }),
  z.strictObject({
    type: z.literal('return_result'),
    method: z.enum(['counter', 'post', 'electronic']),
    reference: text(100).default(''),
    ...v,
  }),
  z.strictObject({ type: z.literal('recall_result'), reason, ...v }),
  z.strictObject({ type: z.literal('assign'), assigneeId: z.uuid().nullable(), ...v }),
]);
export type ActionBody = z.infer<typeof ActionBody>;

/** The command set is the domain's: the action body names exactly the domain's commands. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameCommands: Same<ActionBody['type'], CommandType> = true;
void sameCommands;

/** Whether a command's body must carry `field` (a dialog asks for exactly what the API requires). */
export function commandRequires(type: CommandType, field: string): boolean {
  const shape = ActionBody.options.find((o) => o.shape.type.value === type)?.shape as
    Record<string, z.ZodType> | undefined;
  const schema = shape?.[field];
  return schema !== undefined && !schema.safeParse(undefined).success;
}

/** The commands, by name (the buttons a dossier page may show). */
export const CommandName = z.enum(
  ActionBody.options.map((o) => o.shape.type.value) as [CommandType, ...CommandType[]],
);

const reasonData = z.looseObject({ reason: z.string() });
const minute = z.number().int();
const verdict = z.enum(['before_due', 'on_time', 'late']).nullable();
/** What each kind of log entry carries (the domain's `ActionData`), by kind. */
const actionData = {
  submit: z.looseObject({ channel: z.number().int() }),
  receive: z.looseObject({}),
  refuse: reasonData,
  request_withdrawal: reasonData,
  withdraw: reasonData,
  stop: reasonData,
  forward: z.looseObject({}),
  return_to_step: reasonData,
  request_supplement: z.looseObject({ reason: z.string(), components: z.array(z.string()) }),
  request_payment: z.looseObject({ amount: z.number().int(), reason: z.string().optional() }),
  receive_supplement: z.looseObject({ pausedMinutes: z.number().int() }),
  record_payment: z.looseObject({ pausedMinutes: z.number().int() }),
  consult: z.looseObject({
    consultationId: z.string(),
    stepCode: z.string(),
    agencyCode: z.string(),
    due: minute,
  }),
  consult_reply: z.looseObject({
    consultationId: z.string(),
    outcome: z.enum(['accepted', 'answered', 'refused']),
    note: z.string(),
    verdict,
  }),
  propose_extension: z.looseObject({ reason: z.string(), newDue: minute }),
  approve_extension: z.looseObject({ newDue: minute }),
  issue_result: z.looseObject({ dossierVerdict: verdict }),
  return_result: z.looseObject({ method: z.enum(['counter', 'post', 'electronic']), reference: z.string() }),
  recall_result: reasonData,
  assign: z.looseObject({ assigneeId: z.string().nullable() }),
  transfer: z.looseObject({ reason: z.string(), fromAgency: z.string() }),
  imported: z.looseObject({
    label: z.string().nullable(),
    note: z.string().nullable(),
    by: z.string().nullable(),
    sourceId: z.string().nullable(),
  }),
  taken_over: z.looseObject({ run: z.string(), unit: z.string() }),
} satisfies Record<ActionType, z.ZodType>;

/** The worklists of an official's menu (DOMAIN §7). */
export const worklists = [
  'to_receive',
  'mine',
  'agency',
  'due_soon',
  'overdue',
  'supplement',
  'consultation',
  'to_return',
  'citizen_requests',
  'all',
] as const;
export type Worklist = (typeof worklists)[number];

/** How many dossiers each worklist holds. */
export const WorklistCounts = z.object(
  Object.fromEntries(worklists.map((w) => [w, z.number().int()])) as Record<Worklist, z.ZodNumber>,
);

export const DossierSummary = z
  .object({
    code: z.string(),
    channel: z.number().int(),
    procedureCode: z.string(),
    status: z.number().int(),
    stepCode: z.string().nullable(),
    agencyCode: z.string(),
    assigneeId: z.string().nullable(),
    applicantName: z.string(),
    applicantIdNumber: z.string(),
    submittedAt: z.string(),
    dueAt: z.string().nullable(),
    stepDueAt: z.string().nullable(),
    orphan: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'DossierSummary' });

const logEntry = {
  seq: z.number().int(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  fromStatus: z.number().int(),
  toStatus: z.number().int(),
  fromStep: z.string().nullable(),
  toStep: z.string().nullable(),
  agencyCode: z.string(),
  dueAt: z.string().nullable(),
  stepDueAt: z.string().nullable(),
  stepVerdict: z.string().nullable(),
  calendarVersion: z.string().nullable(),
};
/** One entry of the processing log (the tracking sheet, Form 06), its data typed by its kind. */
export const DossierAction = z
  .discriminatedUnion(
    'type',
    (Object.keys(actionData) as ActionType[]).map((type) =>
      z.object({ ...logEntry, type: z.literal(type), data: actionData[type] }),
    ) as unknown as [LogEntrySchema, ...LogEntrySchema[]],
  )
  .meta({ id: 'DossierAction' });
type LogEntrySchema = z.ZodObject<
  typeof logEntry & { type: z.ZodLiteral<ActionType>; data: (typeof actionData)[ActionType] }
>;

export const ExchangeView = z
  .object({
    id: z.string(),
    kind: z.enum(exchangeKinds),
    system: z.object({ code: z.string(), name: z.string() }),
    procedure: z.object({ code: z.string(), name: z.string() }).nullable(),
    consultationId: z.string().nullable(),
    status: z.enum(exchangeStatuses),
    remoteCode: z.string().nullable().describe('Mã hồ sơ trên hệ thống kia (biên nhận của nó)'),
    answer: z.string().nullable(),
    dueAt: z.string().nullable(),
    events: z.array(z.object({ status: z.string(), at: z.string(), note: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ExchangeView' });

export const DossierDetail = z
  .object({
    code: z.string(),
    channel: z.number().int(),
    procedureCode: z.string(),
    version: z.number().int(),
    versionNo: z.number().int(),
    caseCode: z.string(),
    status: z.number().int(),
    stepCode: z.string().nullable(),
    agencyCode: z.string(),
    receivedByAgency: z.string(),
    competentAgency: z.string(),
    /** Received outside its competent agency (phi địa giới): both agencies, and where the result returns. */
    crossBoundary: z
      .object({
        receivedBy: z.object({ code: z.string(), name: z.string() }),
        competent: z.object({ code: z.string(), name: z.string() }),
        returnAt: z.object({ code: z.string(), name: z.string() }).nullable(),
      })
      .nullable(),
    assigneeId: z.string().nullable(),
    applicant: z.record(z.string(), z.unknown()),
    representative: z.record(z.string(), z.unknown()).nullable(),
    components: z.array(z.unknown()),
    eform: z.record(z.string(), z.unknown()),
    summary: z.string().nullable(),
    submittedAt: z.string(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    stepDueAt: z.string().nullable(),
    calendarVersion: z.string().nullable(),
    payment: z.string(),
    delivery: z.string(),
    sync: z.string(),
    orphan: z.boolean(),
    /** A practice dossier (THỬ NGHIỆM): never synced, notified, counted; wiped after the class. */
    practice: z.boolean(),
    consultations: z.array(
      z.object({
        id: z.string(),
        stepCode: z.string(),
        agencyCode: z.string(),
        status: z.string(),
        due: z.string(),
      }),
    ),
    log: z.array(DossierAction),
    /** What the applicant did on the national portal (supplements, requests, payments, ratings, messages). */
    citizenEvents: z.array(CitizenEventView),
    messages: z.array(DossierMessageView),
    /** Requests to other systems (liên thông): linked dossiers of a chained procedure, consultations. */
    exchanges: z.array(ExchangeView),
    /** The commands the reader could give now: exactly those the server would accept. */
    available: z.array(CommandName),
  })
  .meta({ id: 'DossierDetail' });

export const ActionResult = z.object({
  code: z.string(),
  status: z.number().int(),
  version: z.number().int(),
  stepCode: z.string().nullable(),
  agencyCode: z.string(),
  due: z.string().nullable(),
  orphan: z.boolean(),
});
export type DossierSummary = z.infer<typeof DossierSummary>;
export type DossierDetail = z.infer<typeof DossierDetail>;
export type IntakeResult = z.infer<typeof IntakeResult>;
