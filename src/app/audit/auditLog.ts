import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../../domain/text/canonicalJson.js';
import type { AuditLogTable, Schema } from '../../store/schema.js';
import type { Tx } from '../context.js';

/** Who did it, from where: carried from the HTTP request into every audited use case. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  actorKind: AuditLogTable['actor_kind'];
  actorId?: string | null;
  action: string;
  targetKind?: string | null;
  targetId?: string | null;
  /** The agency the event concerns; scopes who may read it. */
  agencyCode?: string | null;
  detail?: Record<string, unknown>;
}

export const genesisHash = '0'.repeat(64);

type HashedFields = Omit<AuditLogTable, 'seq' | 'hash'>;

export function auditHash(row: HashedFields): string {
  const payload = canonicalJson([
    row.prev_hash,
    row.at.toISOString(),
    row.actor_kind,
    row.actor_id,
    row.action,
    row.target_kind,
    row.target_id,
    row.agency_code,
    row.detail,
    row.ip,
    row.request_id,
  ]);
  return createHash('sha256').update(payload).digest('hex');
}

/**
 * Appends one entry, chained to the previous row. Runs inside the caller's transaction, so the
 * entry lands with the change it records or not at all; the advisory lock orders concurrent writers.
 */
export function recordAudit(tx: Tx, entry: AuditEntry, at: Date, meta: RequestMeta): Promise<void> {
  return recordAudits(tx, [entry], at, meta);
}

/**
 * Appends entries in order, each chained to the one before, in as few statements as a bulk change
 * needs (an import of 20,000 officials records each account and each grant).
 */
export async function recordAudits(
  tx: Tx,
  entries: readonly AuditEntry[],
  at: Date,
  meta: RequestMeta,
): Promise<void> {
  if (entries.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.audit'))`.execute(tx);
  const last = await tx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = last?.hash ?? genesisHash;
  const rows = entries.map((entry) => {
    const row: HashedFields = {
      at: new Date(at.getTime()),
      actor_kind: entry.actorKind,
      actor_id: entry.actorId ?? null,
      action: entry.action,
      target_kind: entry.targetKind ?? null,
      target_id: entry.targetId ?? null,
      agency_code: entry.agencyCode ?? null,
      detail: entry.detail ?? {},
      ip: meta.ip,
      request_id: meta.requestId,
      prev_hash: prev,
    };
    prev = auditHash(row);
    return { ...row, detail: JSON.stringify(row.detail) as unknown as Record<string, unknown>, hash: prev };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await tx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 1000))
      .execute();
}

export type ChainVerdict =
  { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the whole chain in order; reports the first row whose link or content does not hold. */
export async function verifyAuditChain(db: Kysely<Schema>, batch = 5000): Promise<ChainVerdict> {
  let prev = genesisHash;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of page) {
      rows++;
      const { seq, hash, ...fields } = r;
      if (fields.prev_hash !== prev) {
        return { ok: false, rows, brokenAt: seq, reason: 'prev_hash does not match the row before' };
      }
      if (auditHash(fields) !== hash)
        return { ok: false, rows, brokenAt: seq, reason: 'content does not match its hash' };
      prev = hash;
      after = seq;
    }
    if (page.length < batch) return { ok: true, rows };
  }
}
