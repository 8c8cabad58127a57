import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { defaultLinkValidityMs, newKeyId } from '../../integrations/http/linkKeys.js';
import { recordAudit } from '../audit/auditLog.js';

/**
 * A new signing key (`motcua rotate-link-key`): links signed from now on use it; the keys it
 * replaces keep verifying the links they signed until those expire. Returns the new key's id.
 */
export async function rotateLinkKey(
  db: Kysely<Schema>,
  now: Date,
  validityMs = defaultLinkValidityMs,
): Promise<string> {
  const id = newKeyId();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('link_signing_key')
      // A few minutes more than the validity: other nodes may sign with it until they reread the keys.
      .set({ verifies_until: new Date(now.getTime() + validityMs + 5 * 60_000) })
      .where('verifies_until', 'is', null)
      .execute();
    await tx
      .insertInto('link_signing_key')
      .values({ id, secret: randomBytes(32), created_at: now })
      .execute();
    // Keys whose last links have expired are of no use: gone.
    await sql`DELETE FROM link_signing_key WHERE verifies_until < ${now}`.execute(tx);
    await recordAudit(
      tx,
      { actorKind: 'system', action: 'link_key.rotate', targetKind: 'link_signing_key', targetId: id },
      now,
      { ip: null, requestId: null },
    );
  });
  return id;
}
