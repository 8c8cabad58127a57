import type { AddressInfo } from 'node:net';
import { createAppContext } from '../src/app/context.js';
import { buildServer } from '../src/http/server.js';
import { seedCatalog } from '../src/seed/seedCatalog.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import type { Database } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { seedStaff, signIn } from '../fixtures/staff.js';
import { consultingSteps } from '../fixtures/workflows.js';

export const benchProcedure = 'VD.000005';

/**
 * A benchmark's server on a fresh database: schema, reference data, staff, catalog, and VD.000005
 * received centrally in Hà Nội; listening on a free port.
 */
export async function startBenchServer(database: Database) {
  const db = database.db;
  await migrate(db);
  await seedReferenceData(db);
  await seedStaff(db);
  await seedCatalog(createAppContext(db));
  const app = await buildServer({ database, rateLimitPerMinute: 10_000_000, loginPerMinute: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const ministry = await signIn(app, 'botuphap.quantri');
  await ministry.call('PUT', `/api/v1/procedures/${benchProcedure}/versions/1/workflow`, {
    steps: consultingSteps,
  });
  await ministry.call('PUT', `/api/v1/procedures/${benchProcedure}/routes/01`, { mode: 'central' });
  const province = await signIn(app, 'hanoi.quantri');
  await province.call('PUT', `/api/v1/procedures/${benchProcedure}/versions/1/bindings/01`, {
    steps: consultingSteps.map((s) => ({ stepCode: s.code, agencyKind: 'province_service_center' })),
  });
  const receiver = await signIn(app, 'hanoi.motcua');
  return { app, base, receiver };
}
