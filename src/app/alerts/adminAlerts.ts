import { sql } from 'kysely';
import { terminalStatuses } from '../../domain/dossier/status.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Role } from '../../domain/access/roles.js';
import { accountInForce, grantInForce } from '../access/grantsInForce.js';
import { strandingGaps } from '../catalog/goLiveGate.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { enqueue, type OutboxMessage } from '../outbox/enqueue.js';

const hourMs = 3_600_000;

/** An administrator to alert: where their messages go. */
interface Recipient {
  email: string | null;
  phone: string | null;
}

/**
 * The administrators above an agency, who can staff it: the commune's administrators for a
 * commune's agency, the province's administrators for every agency in the province (and its
 * communes); with an e-mail address or a phone to reach them.
 */
async function administratorsAbove(tx: Tx, agencyCode: string, now: Date): Promise<Recipient[]> {
  const { rows } = await sql<Recipient>`
    WITH target AS (
      SELECT u.code AS unit, coalesce(u.parent_code, u.code) AS province
      FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code WHERE a.code = ${agencyCode})
    SELECT DISTINCT ac.email, ac.phone
    FROM role_grant g
    JOIN account ac ON ac.id = g.account_id AND ${accountInForce('ac', now)}
    JOIN agency ga ON ga.code = g.agency_code
    JOIN target t ON (g.role = 'commune_admin' AND ga.admin_unit_code = t.unit)
                  OR (g.role = 'province_admin' AND ga.admin_unit_code = t.province)
    WHERE ${grantInForce('g', now)} AND (ac.email IS NOT NULL OR ac.phone IS NOT NULL)`.execute(tx);
  return rows;
}

/** The messages of one alert to each recipient: an e-mail where there is an address, else an SMS. */
function messagesTo(recipients: Recipient[], subject: string, body: string, sms: string): OutboxMessage[] {
  return recipients.map((r) =>
    r.email
      ? { kind: 'admin.alert', destination: 'email', payload: { to: r.email, subject, body } }
      : { kind: 'admin.alert', destination: 'sms', payload: { to: r.phone as string, text: sms } },
  );
}

/** Whether an alert may go now (not sent within `everyMs`); records it as sent when it may. */
async function claimAlert(
  tx: Tx,
  key: string,
  recipients: number,
  now: Date,
  everyMs: number,
): Promise<boolean> {
  const { rows } = await sql<{ key: string }>`
    INSERT INTO admin_alert (key, last_sent_at, recipients) VALUES (${key}, ${now}, ${recipients})
    ON CONFLICT (key) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at, recipients = EXCLUDED.recipients
      WHERE admin_alert.last_sent_at <= ${new Date(now.getTime() - everyMs)}
    RETURNING key`.execute(tx);
  return rows.length > 0;
}

/**
 * Orphaned dossiers pushed, not only shown: for each agency holding dossiers nobody may take, its
 * administrators get one message naming the agency, the missing roles and a link; repeated orphans
 * at one agency are grouped into one alert an hour. Returns the agencies alerted.
 */
export function alertOrphans(ctx: AppContext): Promise<string[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    // Every node runs the schedule: one at a time, the next sees what the first sent.
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.admin-alerts'))`.execute(tx);
    const held = await tx
      .selectFrom('dossier as d')
      .innerJoin('agency as a', 'a.code', 'd.agency_code')
      .select(['d.agency_code', 'a.name', 'd.step_role', (eb) => eb.fn.countAll<number>().as('n')])
      .where('d.orphan', '=', true)
      // A practice dossier nobody can take is the class's matter, not an alert to administrators.
      .where('d.practice', '=', false)
      .where('d.status', 'not in', [...terminalStatuses])
      .groupBy(['d.agency_code', 'a.name', 'd.step_role'])
      .execute();
    const byAgency = new Map<string, { name: string; roles: string[]; dossiers: number }>();
    for (const h of held) {
      const a = byAgency.get(h.agency_code) ?? { name: h.name, roles: [], dossiers: 0 };
      if (h.step_role) a.roles.push(vi.role[h.step_role as Role] ?? h.step_role);
      a.dossiers += Number(h.n);
      byAgency.set(h.agency_code, a);
    }
    // Agencies told within the hour are skipped before anything else is read for them.
    const recent = new Set(
      (
        await tx
          .selectFrom('admin_alert')
          .select('key')
          .where('key', 'like', 'orphan:%')
          .where('last_sent_at', '>', new Date(now.getTime() - hourMs))
          .execute()
      ).map((r) => r.key.slice('orphan:'.length)),
    );
    const alerted: string[] = [];
    for (const [code, a] of byAgency) {
      if (recent.has(code)) continue;
      const recipients = await administratorsAbove(tx, code, now);
      if (
        recipients.length === 0 ||
        !(await claimAlert(tx, `orphan:${code}`, recipients.length, now, hourMs))
      )
        continue;
      const link = `${ctx.settings.publicUrl ?? ''}/dieu-hanh`;
      const text = vi.alert.orphans(a.name, code, a.roles.join(', '), a.dossiers, link);
      await enqueue(
        tx,
        null,
        messagesTo(recipients, vi.alert.orphansSubject(a.name), text, vi.alert.orphansSms(code, a.dossiers)),
        now,
      );
      alerted.push(code);
    }
    return alerted;
  });
}

/**
 * Switches to central reception ahead, re-checked (grants expire, accounts are closed): each one
 * that would now strand dossiers on its day alerts the province's administrators, once a day.
 */
export function alertUpcomingSwitches(ctx: AppContext): Promise<string[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.admin-alerts'))`.execute(tx);
    const ahead = await tx
      .selectFrom('deployment_route as r')
      .innerJoin('procedure as p', 'p.code', 'r.procedure_code')
      .innerJoin('agency as c', (j) =>
        j.on('c.kind', '=', 'province_committee').onRef('c.admin_unit_code', '=', 'r.province_code'),
      )
      .select(['r.procedure_code', 'p.name', 'r.province_code', 'r.effective_from', 'c.code as committee'])
      .where('r.mode', '=', 'central')
      .where('r.effective_from', '>', now)
      .where('r.effective_from', '<=', new Date(now.getTime() + 60 * 24 * hourMs))
      .execute();
    const alerted: string[] = [];
    for (const r of ahead) {
      const gaps = await strandingGaps(tx, r.procedure_code, r.province_code, r.effective_from);
      if (gaps.length === 0) continue;
      const recipients = await administratorsAbove(tx, r.committee, now);
      const key = `switch:${r.procedure_code}/${r.province_code}/${r.effective_from.toISOString()}`;
      if (recipients.length === 0 || !(await claimAlert(tx, key, recipients.length, now, 24 * hourMs)))
        continue;
      const link = `${ctx.settings.publicUrl ?? ''}/bao-cao/san-sang`;
      const text = vi.alert.switchGaps(
        r.name,
        r.procedure_code,
        r.effective_from.toISOString(),
        gaps.length,
        link,
      );
      await enqueue(
        tx,
        null,
        messagesTo(
          recipients,
          vi.alert.switchSubject(r.name),
          text,
          vi.alert.switchSms(r.procedure_code, gaps.length),
        ),
        now,
      );
      alerted.push(key);
    }
    return alerted;
  });
}
