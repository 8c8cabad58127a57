import { sql } from 'kysely';
import { fromLocal, type LocalMinute } from '../../domain/calendar/localTime.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { neededRole } from '../../domain/dossier/plan.js';
import {
  currentHandler,
  importedDossier,
  type SourceHistoryRow,
} from '../../domain/migration/importedDossier.js';
import { valueOf } from '../../domain/migration/sourceValues.js';
import type { Tx } from '../context.js';
import { refreshOrphansOf } from '../dossiers/dossierRow.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import { countRecords } from '../reports/countIndicators.js';
import type { IndicatorRecord } from '../reports/indicatorRecords.js';
import type { AppContext } from '../context.js';
import type { FileStore } from '../files/fileStore.js';
import { importResults } from './importFiles.js';
import { PlacementCache, visibleTo, type AgencyPlan, type ProcedurePin } from './placement.js';

/** A source dossier the check accepted, with what the mapping makes of it. */
export interface PendingDossier {
  line: number;
  cells: Readonly<Record<string, string>>;
  code: string;
  /** '<province>:<unit>:<code>': the dossier's identity across runs and exports. */
  key: string;
  hash: string;
  unit: string;
  agency: string;
  procedure: string;
  /** The status as the source wrote it. */
  status: number;
  /** The step the mapping gives the source's current node (`BuocHienTai`), if any. */
  mappedStep: string | null;
  /** In flight and received centrally on the cut-over day: continues here. */
  continues: boolean;
}

/** Why a dossier the check accepted was still not written. */
export type NotWritten = 'no_version_in_force' | 'no_workflow' | 'code_taken' | 'worked_here';

export interface BatchOutcome {
  results: number;
  imported: number;
  updated: number;
  unchanged: number;
  history: number;
  inFlight: number;
  orphans: string[];
  notWritten: { line: number; key: string; status: number; reason: NotWritten }[];
}

export interface RunEnv {
  ctx: AppContext;
  run: string;
  now: Date;
  cache: PlacementCache;
  /** Source official id (lower-case) → account id, from the mapping. */
  accounts: ReadonlyMap<string, string>;
  /** Where result files are kept, and the export they come from. */
  files: FileStore;
  dir: string;
}

const iso = (m: LocalMinute | null) => (m === null ? null : fromLocal(m).toISOString());

/**
 * Writes one batch of accepted dossiers in the caller's transaction: each new one with its log,
 * its portal state (the portal knows it already), its indicator share; one whose source row changed
 * since it was imported, and on which nobody has worked here, is replaced; one unchanged is left.
 */
type Entry = ReturnType<typeof importedDossier>['entries'][number];
type Todo = { p: PendingDossier; replace: string | null };

/** A dossier built for writing, with what the writes after it need. */
interface Written {
  p: PendingDossier;
  /** Rewritten under its id (a changed source row), not new. */
  replaced: boolean;
  version: number;
  inFlight: boolean;
  status: number;
  receivedAt: Date | null;
  lastSeq: number;
  record: Omit<IndicatorRecord, 'id'>;
  holder: { idNumber: string; name: string };
}

const notWritten = (p: PendingDossier, reason: NotWritten) => ({
  line: p.line,
  key: p.key,
  status: p.status,
  reason,
});

export async function importBatch(
  tx: Tx,
  env: RunEnv,
  batch: readonly PendingDossier[],
): Promise<BatchOutcome> {
  const out: BatchOutcome = {
    results: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    history: 0,
    inFlight: 0,
    orphans: [],
    notWritten: [],
  };
  if (batch.length === 0) return out;
  const todo = await sortOut(tx, batch, out);
  if (todo.length === 0) return out;
  const history = await stagedHistory(
    tx,
    env.run,
    todo.map((t) => t.p.code),
  );
  const { dossiers, actions, written } = await buildRows(tx, env, todo, history, out);
  const idOf = await writeRows(tx, env, dossiers);
  const kept = written.filter((w) => {
    if (idOf.has(w.p.code)) return true;
    out.notWritten.push(notWritten(w.p, 'code_taken'));
    return false;
  });
  out.history = await writeLog(
    tx,
    actions.filter((x) => idOf.has(x.key)),
    idOf,
  );
  if (kept.length === 0) return out;
  await afterWrite(tx, env, kept, idOf, out);
  out.updated = kept.filter((w) => w.replaced).length;
  out.imported = kept.length - out.updated;
  return out;
}

/** Which of a batch are new, changed (and not worked on here), or unchanged. */
async function sortOut(tx: Tx, batch: readonly PendingDossier[], out: BatchOutcome): Promise<Todo[]> {
  const { rows: known } = await sql<{
    source_key: string;
    dossier_id: string;
    row_hash: string;
    imported_version: number;
    version: number;
  }>`
    SELECT m.source_key, m.dossier_id, m.row_hash, m.imported_version, d.version
    FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
    WHERE m.source_key = ANY(${batch.map((b) => b.key)}::text[])`.execute(tx);
  const byKey = new Map(known.map((k) => [k.source_key, k]));
  const todo: Todo[] = [];
  for (const p of batch) {
    const k = byKey.get(p.key);
    if (!k) todo.push({ p, replace: null });
    else if (k.row_hash === p.hash) out.unchanged++;
    else if (k.version !== k.imported_version) out.notWritten.push(notWritten(p, 'worked_here'));
    else todo.push({ p, replace: k.dossier_id });
  }
  return todo;
}

/** The staged history of some codes, each code's rows in time order. */
async function stagedHistory(tx: Tx, run: string, codes: readonly string[]) {
  const { rows: staged } = await sql<{
    code: string;
    source_id: string;
    at: Date;
    status: number | null;
    label: string;
    actor: string;
    actor_name: string;
    note: string;
    node: string;
  }>`
    SELECT code, source_id, at, status, label, actor, actor_name, note, node FROM migration_history
    WHERE run_id = ${run}::uuid AND code = ANY(${[...codes]}::text[])
    ORDER BY code, at, line`.execute(tx);
  const history = new Map<string, SourceHistoryRow[]>();
  for (const h of staged) {
    const list = history.get(h.code) ?? [];
    list.push({
      sourceId: h.source_id,
      at: new Date(h.at),
      status: h.status,
      label: h.label,
      actor: h.actor,
      actorName: h.actor_name,
      note: h.note,
      node: h.node,
    });
    history.set(h.code, list);
  }

  return history;
}

/** A dossier's row as written (its state's columns mirrored, as for any dossier). */
function rowOf(
  p: PendingDossier,
  d: ReturnType<typeof importedDossier>,
  pin: ProcedurePin,
  plan: AgencyPlan,
  role: string | null,
) {
  const state = d.state;
  return {
    code: p.code,
    channel: d.channel,
    procedure_code: p.procedure,
    version_no: pin.versionNo,
    workflow_revision: plan.revision,
    plan: d.inFlight ? plan.plan : [],
    received_by_agency: p.agency,
    commune_code: plan.commune,
    agency_code: state.agencyCode,
    assignee_id: state.assigneeId,
    status: state.status,
    step_code: state.stepCode,
    step_role: d.inFlight ? role : null,
    version: state.version,
    applicant_id_number: d.applicant.idNumber,
    applicant_name: d.applicant.name,
    applicant: d.applicant,
    summary: valueOf(p.cells['TrichYeuHoSo']),
    submitted_at: d.submittedAt.toISOString(),
    received_at: d.receivedAt?.toISOString() ?? null,
    due_at: iso(state.due),
    step_due_at: iso(state.stepDue),
    state,
    visible_to: visibleTo([p.agency, state.agencyCode], pin.ministry).join(','),
    payment: state.payment,
    delivery: state.delivery,
  };
}

/** Its share of the indicators, from the log as written (nothing else is imported beside it). */
function shareOf(
  p: PendingDossier,
  d: ReturnType<typeof importedDossier>,
  onlineEligible: boolean,
): Omit<IndicatorRecord, 'id'> {
  return {
    agency: p.agency,
    agencyName: '',
    procedure: p.procedure,
    channel: d.channel,
    onlineEligible,
    digitized: false,
    reused: false,
    resultDigitized: false,
    feeBearing: false,
    paidOnline: false,
    rating: null,
    log: d.entries.map((e) => ({ at: e.at, toStatus: e.toStatus, due: e.due })),
  };
}

/** Each dossier's row, log and indicator share, as `importedDossier` decides them here. */
async function buildRows(
  tx: Tx,
  env: RunEnv,
  todo: readonly Todo[],
  history: ReadonlyMap<string, SourceHistoryRow[]>,
  out: BatchOutcome,
) {
  const config = await handlingConfig(env.ctx, tx);
  const dossiers: Record<string, unknown>[] = [];
  const actions: { key: string; seq: number; a: Entry }[] = [];
  const written: Written[] = [];
  for (const { p, replace } of todo) {
    const pin = await env.cache.pin(tx, config, p.procedure);
    if (!pin) {
      out.notWritten.push(notWritten(p, 'no_version_in_force'));
      continue;
    }
    if (p.continues && !pin.template) {
      out.notWritten.push(notWritten(p, 'no_workflow'));
      continue;
    }
    const plan = await env.cache.plan(tx, config, p.procedure, pin, p.agency);
    const handler = currentHandler(p.cells);
    const account = handler ? (env.accounts.get(handler) ?? null) : null;
    const d = importedDossier(p.cells, history.get(p.code) ?? [], {
      continues: p.continues,
      agency: p.agency,
      steps: p.continues ? plan.steps : [],
      mappedStep: p.mappedStep,
      stepAgency: (step) => plan.plan.find((s) => s.stepCode === step)?.agencyCode ?? null,
      assigneeId: null,
      run: env.run,
      now: env.now,
    });
    const state = d.state;
    const role = neededRole(state, plan.steps);
    // The official who held it keeps it, when they may act on it here; else it waits in the queue.
    if (account && role && state.stepCode && (await env.cache.holds(tx, account, state.agencyCode, role))) {
      state.assigneeId = account;
      const last = d.entries.at(-1);
      if (last?.type === 'taken_over') last.assigneeId = account;
    }
    const columns = { id: replace, ...rowOf(p, d, pin, plan, role) };
    dossiers.push(columns);
    d.entries.forEach((a, i) => actions.push({ key: p.code, seq: i + 1, a }));
    written.push({
      p,
      replaced: replace !== null,
      version: state.version,
      inFlight: d.inFlight,
      status: state.status,
      receivedAt: d.receivedAt,
      lastSeq: d.entries.length,
      holder: { idNumber: d.applicant.idNumber, name: d.applicant.name },
      record: shareOf(p, d, pin.onlineEligible),
    });
  }

  return { dossiers, actions, written };
}

/** The dossiers' rows: the new inserted, the changed rewritten under their id. Answers code → id. */
async function writeRows(tx: Tx, env: RunEnv, dossiers: readonly Record<string, unknown>[]) {
  const replaced = dossiers.flatMap((d) => (d['id'] !== null ? [d['id'] as string] : []));
  // A replaced dossier (a delta export changed its source row) is rewritten under its id, its
  // log (only imported entries: nobody has worked on it here) replaced.
  if (replaced.length > 0) {
    await sql`SELECT set_config('motcua.migration_rollback', 'on', true)`.execute(tx);
    await sql`DELETE FROM dossier_action WHERE dossier_id = ANY(${replaced}::uuid[])`.execute(tx);
    await sql`SELECT set_config('motcua.migration_rollback', 'off', true)`.execute(tx);
    for (const d of dossiers.filter((x) => x['id'] !== null)) {
      const { id, visible_to, plan, applicant, state, ...rest } = d;
      const json = {
        plan: JSON.stringify(plan),
        applicant: JSON.stringify(applicant),
        state: JSON.stringify(state),
      };
      await tx
        .updateTable('dossier')
        .set({ ...(rest as object), ...json, visible_to: String(visible_to).split(','), updated_at: env.now })
        .where('id', '=', id as string)
        .execute();
    }
  }
  const fresh = dossiers.filter((x) => x['id'] === null);
  // The batch as one JSON document: serialised natively, parsed by the database in one pass.
  const { rows: inserted } = await sql<{ id: string; code: string }>`
    INSERT INTO dossier (id, code, channel, procedure_code, version_no, case_code, workflow_revision, plan,
      received_by_agency, competent_agency, commune_code, agency_code, assignee_id, status, step_code, step_role, version,
      applicant_id_number, applicant_name, applicant, components, eform, summary, submitted_at, received_at,
      due_at, step_due_at, state, visible_to, payment, delivery, sync, orphan, updated_at)
    SELECT gen_random_uuid(), u.code, u.channel, u.procedure_code, u.version_no, '', u.workflow_revision, u.plan,
      u.received_by_agency, u.received_by_agency, u.commune_code, u.agency_code, u.assignee_id, u.status, u.step_code, u.step_role, u.version,
      u.applicant_id_number, u.applicant_name, u.applicant, '[]'::jsonb, '{}'::jsonb, u.summary, u.submitted_at, u.received_at,
      u.due_at, u.step_due_at, u.state, string_to_array(u.visible_to, ','), u.payment, u.delivery, 'synced', false, ${env.now}
    FROM json_to_recordset(${JSON.stringify(fresh)}::json) AS u(code text, channel smallint, procedure_code text,
      version_no int, workflow_revision int, plan jsonb, received_by_agency text, commune_code text, agency_code text,
      assignee_id uuid, status smallint, step_code text, step_role text, version int, applicant_id_number text,
      applicant_name text, applicant jsonb, summary text, submitted_at timestamptz, received_at timestamptz,
      due_at timestamptz, step_due_at timestamptz, state jsonb, visible_to text, payment text, delivery text)
    ON CONFLICT DO NOTHING
    RETURNING id, code`.execute(tx);
  const idOf = new Map(inserted.map((r) => [r.code, r.id]));
  for (const d of dossiers) if (d['id'] !== null) idOf.set(d['code'] as string, d['id'] as string);
  return idOf;
}

/** The log entries of the written dossiers, in one statement; answers how many were source rows. */
async function writeLog(
  tx: Tx,
  acts: readonly { key: string; seq: number; a: Entry }[],
  idOf: ReadonlyMap<string, string>,
): Promise<number> {
  if (acts.length === 0) return 0;
  const rows = acts.map((x) => ({
    dossier_id: idOf.get(x.key),
    seq: x.seq,
    type: x.a.type,
    at: fromLocal(x.a.at).toISOString(),
    agency: x.a.agencyCode,
    from_status: x.a.fromStatus,
    to_status: x.a.toStatus,
    to_step: x.a.toStep,
    assignee_id: x.a.assigneeId,
    due_at: iso(x.a.due),
    step_due_at: iso(x.a.stepDue),
    data: x.a.data,
  }));
  await sql`
      INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_step,
        to_agency, assignee_id, due_at, step_due_at, data)
      SELECT u.dossier_id, u.seq, u.type, u.at, 'system', u.agency, u.from_status, u.to_status, u.to_step, u.agency,
        u.assignee_id, u.due_at, u.step_due_at, u.data
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS u(dossier_id uuid, seq int, type text, at timestamptz,
        agency text, from_status smallint, to_status smallint, to_step text, assignee_id uuid, due_at timestamptz,
        step_due_at timestamptz, data jsonb)`.execute(tx);
  return acts.filter((x) => x.a.type === 'imported' && (x.a.data as { sourceId: string | null }).sourceId)
    .length;
}

/** What follows the rows: the source keys, the portal's state, the indicators, orphans, results. */
async function afterWrite(
  tx: Tx,
  env: RunEnv,
  kept: readonly Written[],
  idOf: ReadonlyMap<string, string>,
  out: BatchOutcome,
): Promise<void> {
  const ids = kept.map((w) => idOf.get(w.p.code) as string);
  await sql`
    INSERT INTO migrated_dossier (dossier_id, source_key, run_id, row_hash, imported_version, in_flight)
    SELECT * FROM unnest(${ids}::uuid[], ${kept.map((w) => w.p.key)}::text[], ${kept.map(() => env.run)}::uuid[],
      ${kept.map((w) => w.p.hash)}::text[], ${kept.map((w) => w.version)}::int[], ${kept.map((w) => w.inFlight)}::boolean[])
    ON CONFLICT (dossier_id) DO UPDATE SET run_id = excluded.run_id, row_hash = excluded.row_hash,
      imported_version = excluded.imported_version, in_flight = excluded.in_flight`.execute(tx);
  // The national portal knows these dossiers under their codes: what it holds is acknowledged.
  await sql`
    INSERT INTO portal_sync (dossier_id, code, agency_code, day, sent_seq, sent_status, sent_at, acked_seq, acked_status, acked_at, history_acked)
    SELECT u.id, u.code, u.agency, u.day, u.seq, u.status, ${env.now}, u.seq, u.status, ${env.now}, u.seq
    FROM unnest(${ids}::uuid[], ${kept.map((w) => w.p.code)}::text[], ${kept.map((w) => w.p.agency)}::text[],
      ${kept.map((w) => vietnamDate(w.receivedAt ?? env.now))}::date[], ${kept.map((w) => w.lastSeq)}::int[],
      ${kept.map((w) => w.status)}::smallint[]) AS u(id, code, agency, day, seq, status)
    ON CONFLICT (dossier_id) DO UPDATE SET sent_seq = excluded.sent_seq, sent_status = excluded.sent_status,
      acked_seq = excluded.acked_seq, acked_status = excluded.acked_status, history_acked = excluded.history_acked`.execute(
    tx,
  );
  await countRecords(
    tx,
    kept.map((w, i) => ({ ...w.record, id: ids[i] as string })),
  );
  const flight = kept.filter((w) => w.inFlight).map((w) => idOf.get(w.p.code) as string);
  // An in-flight dossier placed where nobody may take it is flagged at once, and named in the report.
  await refreshOrphansOf(tx, flight, env.now);
  if (flight.length > 0) {
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM dossier WHERE id = ANY(${flight}::uuid[]) AND orphan`.execute(tx);
    out.orphans = rows.map((r) => r.code);
  }
  out.inFlight = flight.length;
  // The results the finished ones carry (number, signer, file), kept as the province issued them.
  const results = await importResults(
    tx,
    env.files,
    env.dir,
    kept.flatMap((w, i) =>
      w.status === 9 || w.status === 10
        ? [
            {
              cells: w.p.cells,
              target: {
                id: ids[i] as string,
                agency: w.p.agency,
                holder: w.holder.idNumber,
                holderName: w.holder.name,
              },
            },
          ]
        : [],
    ),
    env.now,
  );
  out.results += results.recorded;
}
