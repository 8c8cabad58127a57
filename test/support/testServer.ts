import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../../src/http/server.js';
import { databaseOf } from '../../fixtures/staff.js';
import { createSeededDatabase, type TestDatabase } from './testDatabase.js';

export interface TestServer {
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real server on a fresh seeded database, driven in-process with app.inject(). */
export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const db = await createSeededDatabase();
  const app = await buildServer({ database: db.database, ...opts });
  await app.ready();
  databaseOf.set(app, db);
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** GET a JSON path and return status, parsed body and headers. */
export async function getJson<T = unknown>(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json<T>(), headers: res.headers };
}
