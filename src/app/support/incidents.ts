import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { decideIncident, incidentDue } from '../../domain/support/incident.js';
import type { IncidentBody, IncidentCommandBody, IncidentView } from '../../contracts/support.js';
import type { IncidentTable } from '../../store/schema.js';
import type { Actor } from '../access/actor.js';
import { requireStaff, type StaffActor } from '../access/require.js';
import { provinceOfAgency } from '../access/agencyProvince.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { loadCalendar } from '../calendar/calendars.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';
import { authorityOf } from '../announcements/publisher.js';

type Row = Selectable<IncidentTable>;
interface LogEntry {
  at: string;
  by: string;
  action: string;
  note: string | null;
}

const late = (due: Date, done: Date | null, now: Date) => (done ?? now).getTime() > due.getTime();

function toView(r: Row, now: Date): IncidentView {
  return {
    code: r.code,
    title: r.title,
    description: r.description,
    severity: r.severity,
    province: r.province,
    procedure: r.procedure_code,
    feedback: r.feedback_code,
    reporterAgency: r.reporter_agency,
    openedAt: r.opened_at.toISOString(),
    acknowledgeBy: r.acknowledge_by.toISOString(),
    resolveBy: r.resolve_by.toISOString(),
    status: r.status,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    lateAcknowledge: late(r.acknowledge_by, r.acknowledged_at, now),
    lateResolve: late(r.resolve_by, r.closed_at, now),
    resolution: r.resolution,
    log: r.log as LogEntry[],
    version: r.version,
  };
}

/**
 * THE rule of who supports an incident: the system administrator any; a province's administrator
 * those in the province; a ministry's administrator those about its procedures. The opener sees
 * their own too.
 */
async function supportFilter(tx: Tx, actor: StaffActor, now: Date) {
  const authority = await authorityOf(tx, actor, now);
  if (authority?.publisher.level === 'system') return sql<boolean>`true`;
  if (authority?.publisher.level === 'province')
    return sql<boolean>`i.province = ${authority.publisher.province}`;
  if (authority?.publisher.level === 'ministry')
    return sql<boolean>`i.procedure_code IN (SELECT code FROM procedure WHERE ministry_code = ${authority.agencyCode})`;
  return sql<boolean>`false`;
}

/** The province, procedure and difficulty report an incident names exist. */
async function checkNamed(tx: Tx, body: IncidentBody): Promise<void> {
  const { rows } = await sql<{ p: boolean; pr: boolean; f: boolean }>`SELECT
    (${body.province}::text IS NULL OR EXISTS (SELECT 1 FROM admin_unit WHERE code = ${body.province} AND level = 'province')) AS p,
    (${body.procedure}::text IS NULL OR EXISTS (SELECT 1 FROM procedure WHERE code = ${body.procedure})) AS pr,
    (${body.feedback}::text IS NULL OR EXISTS (SELECT 1 FROM feedback WHERE code = ${body.feedback})) AS f`.execute(
    tx,
  );
  const r = rows[0];
  const wrong = [
    ...(r?.p ? [] : ['body.province']),
    ...(r?.pr ? [] : ['body.procedure']),
    ...(r?.f ? [] : ['body.feedback']),
  ];
  if (wrong.length > 0)
    throw problem(
      'validation',
      undefined,
      wrong.map((field) => ({ field, message: vi.support.unknownReference })),
    );
}

/** Opens an incident, timed by severity on the national working calendar; audited. */
export function openIncident(
  ctx: AppContext,
  actor: Actor,
  body: IncidentBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
): Promise<{ created: boolean; view: IncidentView }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const key = idempotencyKey ? `${staff.accountId}:${idempotencyKey}` : null;
    const earlier = key
      ? await tx.selectFrom('incident').selectAll().where('idempotency_key', '=', key).executeTakeFirst()
      : undefined;
    if (earlier) return { created: false, view: toView(earlier, now) };
    const { rows: who } = await sql<{ agency_code: string; province: string | null }>`
      SELECT ac.agency_code, ${provinceOfAgency('a')} AS province
      FROM account ac JOIN agency a ON a.code = ac.agency_code WHERE ac.id = ${staff.accountId}::uuid`.execute(
      tx,
    );
    const me = who[0] as { agency_code: string; province: string | null };
    await checkNamed(tx, body);
    const due = incidentDue(await loadCalendar(tx), body.severity, now);
    const { rows } = await sql<{ n: string }>`SELECT nextval('incident_number')::text AS n`.execute(tx);
    const code = `SC-${vietnamDate(now).slice(0, 4)}-${(rows[0]?.n ?? '0').padStart(6, '0')}`;
    const row = await tx
      .insertInto('incident')
      .values({
        id: randomUUID(),
        code,
        title: body.title,
        description: body.description,
        severity: body.severity,
        // Unnamed, the affected area is the reporter's own province.
        province: body.province ?? me.province,
        procedure_code: body.procedure,
        feedback_code: body.feedback,
        reporter_agency: me.agency_code,
        opened_by: staff.accountId,
        opened_at: now,
        acknowledge_by: due.acknowledgeBy,
        resolve_by: due.resolveBy,
        idempotency_key: key,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'incident.open',
        targetKind: 'incident',
        targetId: code,
        agencyCode: me.agency_code,
        detail: { severity: body.severity, province: body.province, procedure: body.procedure },
      },
      now,
      meta,
    );
    return { created: true, view: toView(row, now) };
  });
}

/** Incidents the official supports or opened, open ones first, most severe first. */
export function listIncidents(ctx: AppContext, actor: Actor): Promise<IncidentView[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const supports = await supportFilter(tx, staff, now);
    const { rows } = await sql<Row>`
      SELECT * FROM incident i WHERE ${supports} OR i.opened_by = ${staff.accountId}::uuid
      ORDER BY i.status = 'closed', CASE i.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1
        WHEN 'medium' THEN 2 ELSE 3 END, i.opened_at DESC LIMIT 500`.execute(tx);
    return rows.map((r) => toView(r, now));
  });
}

/** Support acknowledges, works on (with a note) or closes (with the resolution) an incident; audited. */
export function actOnIncident(
  ctx: AppContext,
  actor: Actor,
  code: string,
  command: IncidentCommandBody,
  meta: RequestMeta,
): Promise<IncidentView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const supports = await supportFilter(tx, staff, now);
    const { rows } = await sql<Row>`SELECT * FROM incident i WHERE i.code = ${code} FOR UPDATE`.execute(tx);
    const row = rows[0];
    if (!row) throw problem('not-found');
    const { rows: ok } = await sql<{ ok: boolean }>`
      SELECT ${supports} AS ok FROM incident i WHERE i.code = ${code}`.execute(tx);
    if (!ok[0]?.ok) throw problem('forbidden', vi.support.notSupport);
    if (row.version !== command.expectedVersion) throw problem('stale-version', vi.support.incidentStale);
    const next = decideIncident(row.status, command);
    if (next === 'not_allowed') throw problem('action-not-allowed', vi.support.incidentClosed);
    const note =
      command.type === 'work' ? command.note : command.type === 'close' ? command.resolution : null;
    const entry: LogEntry = { at: now.toISOString(), by: staff.username, action: command.type, note };
    const updated = await tx
      .updateTable('incident')
      .set({
        status: next,
        acknowledged_at: row.acknowledged_at ?? now,
        closed_at: next === 'closed' ? now : null,
        resolution: command.type === 'close' ? command.resolution : row.resolution,
        log: sql`log || ${JSON.stringify([entry])}::jsonb`,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: `incident.${command.type}`,
        targetKind: 'incident',
        targetId: code,
        agencyCode: row.reporter_agency,
        detail: {},
      },
      now,
      meta,
    );
    return toView(updated, now);
  });
}
