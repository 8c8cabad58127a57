import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createSeededDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

describe(`waking on committed outbox messages (${testEngine})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createSeededDatabase();
  });
  after(() => t.drop());

  const notified = (listen: TestDatabase['database']['listen']) => {
    let count = 0;
    const waiters: (() => void)[] = [];
    const ready = listen('outbox', () => {
      count++;
      waiters.splice(0).forEach((w) => w());
    });
    const next = (ms = 8000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no notification')), ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    return { ready, next, count: () => count };
  };
  const insert = () =>
    t.database.db
      .insertInto('outbox_message')
      .values({ dossier_id: null, destination: 'sms', kind: 'test', payload: '{}', created_at: new Date() })
      .execute();

  it('hears a NOTIFY when a message is committed, and again after its connection was cut', async () => {
    const l = notified(t.database.listen);
    const stop = await l.ready;
    try {
      const first = l.next();
      await insert();
      await first;
      if (testEngine === 'postgres') {
        // The server cuts the listening connection (a restart, a failover): the listener comes back.
        const back = l.next();
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                  WHERE application_name = 'motcua-listen' AND datname = current_database()`.execute(
          t.database.db,
        );
        await back; // woken once reconnected
        const again = l.next();
        await insert();
        await again;
      }
      assert.ok(l.count() >= 1);
    } finally {
      await stop();
    }
  });
});
