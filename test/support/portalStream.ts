import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { PortalState } from '../../src/integrations/dvcqg/portalSimulator.js';
import type { Schema } from '../../src/store/schema.js';
import { demoIntake } from '../../fixtures/intake.js';
import type { Signed } from '../../fixtures/staff.js';

/** A citizen ID unique to `n` (12 digits, a well-formed one). */
export const idFor = (n: number) => `0010890${String(n).padStart(5, '0')}`;

/**
 * A steady stream of dossier actions through the API: every tick receives a new dossier, and
 * forwards one received earlier (two status changes per dossier), for `ms` at `perSecond`.
 */
export async function streamActions(
  receiver: Signed,
  opts: { ms: number; perSecond: number; start?: number },
): Promise<{ intakes: number; forwards: number }> {
  const waiting: { code: string; version: number }[] = [];
  let n = opts.start ?? 0;
  let intakes = 0;
  let forwards = 0;
  const end = Date.now() + opts.ms;
  const tick = 1000 / opts.perSecond;
  while (Date.now() < end) {
    const started = Date.now();
    if (n % 2 === 0 || waiting.length === 0) {
      const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(idFor(n)));
      assert.equal(res.statusCode, 201, res.body);
      const d = res.json<{ code: string; version: number }>();
      waiting.push({ code: d.code, version: d.version });
      intakes++;
    } else {
      const d = waiting.shift()!;
      const res = await receiver.call('POST', `/api/v1/dossiers/${d.code}/actions`, {
        expectedVersion: d.version,
        type: 'forward',
        toStep: 'TD',
      });
      assert.equal(res.statusCode, 200, res.body);
      forwards++;
    }
    n++;
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (Date.now() - started))));
  }
  return { intakes, forwards };
}

/** Waits until every message to the portal has been delivered (or `ms` passes: then fails). */
export async function waitForDrain(db: Kysely<Schema>, ms: number, destination = 'dvcqg'): Promise<number> {
  const started = Date.now();
  for (;;) {
    const open = await db
      .selectFrom('outbox_message')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('destination', '=', destination)
      .where('status', '<>', 'sent')
      .executeTakeFirstOrThrow();
    if (Number(open.n) === 0) return Date.now() - started;
    assert.ok(Date.now() - started < ms, `${open.n} messages still undelivered after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The portal's copy of every dossier equals ours: one copy each, the same status and log position,
 * every log entry in its history; and it never received an older state after a newer one.
 */
export async function assertPortalEqualsOurs(db: Kysely<Schema>, portal: PortalState): Promise<number> {
  const { rows: ours } = await sql<{ code: string; status: number; seq: number; rev: string }>`
    SELECT d.code, d.status, (SELECT max(seq) FROM dossier_action a WHERE a.dossier_id = d.id) AS seq,
           (SELECT max(position) FROM outbox_message m WHERE m.dossier_id = d.id AND m.destination = 'dvcqg') AS rev
    FROM dossier d`.execute(db);
  for (const d of ours) {
    const copies = portal.dossiers.get(d.code);
    assert.ok(copies, `portal lacks ${d.code}`);
    assert.equal(copies.length, 1, `portal holds ${d.code} ${copies.length} times`);
    const copy = copies[0]!;
    assert.equal(copy.record.TrangThaiHoSo, d.status, `${d.code} status`);
    // The version is the newest change queued for the portal (or the log position, if higher).
    assert.equal(copy.record.PhienBan, Math.max(d.seq, Number(d.rev)), `${d.code} version`);
    assert.deepEqual(
      copy.versions,
      [...copy.versions].sort((a, b) => a - b),
      `${d.code} versions in order`,
    );
    assert.equal(portal.history.get(d.code)?.size, d.seq, `${d.code} history entries`);
  }
  assert.equal(portal.dossiers.size, ours.length, 'the portal holds no dossier we do not');
  assert.equal(portal.staleUpdates, 0, 'no older state was sent after a newer one');
  return ours.length;
}
