import type { AddressInfo } from 'node:net';
import { createAppContext } from '../src/app/context.js';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../src/http/server.js';
import { seedCatalog } from '../src/seed/seedCatalog.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import type { Database } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { seedStaff, signIn } from '../fixtures/staff.js';
import { consultingSteps } from '../fixtures/workflows.js';

export const benchProcedure = 'VD.000005';

/** The intake every benchmark sends: one applicant, one component, of the benchmark procedure. */
export const benchIntakeBody = JSON.stringify({
  procedureCode: benchProcedure,
  applicant: {
    kind: 'individual',
    idNumber: '001089012345',
    name: 'Nguyễn Thị Mai',
    address: { communeCode: '00004', detail: 'Số 1 phố Điện Biên Phủ' },
  },
  components: [{ code: 'TK', copies: 1 }],
  eform: { TK: { hoTen: 'Nguyễn Thị Mai', soDinhDanh: '001089012345' } },
});

/**
 * A benchmark's server on a fresh database: schema, reference data, staff, catalog, and VD.000005
 * received centrally in Hà Nội; listening on a free port.
 */
export async function startBenchServer(database: Database, options: Partial<ServerOptions> = {}) {
  const db = database.db;
  await migrate(db);
  await seedReferenceData(db);
  await seedStaff(db);
  await seedCatalog(createAppContext(db));
  const app = await buildServer({
    database,
    rateLimitPerMinute: 10_000_000,
    loginPerMinute: 1000,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // Workflow, then bindings, then the switch: the go-live gate refuses a switch with steps unbound.
  const expect = async (call: Promise<{ statusCode: number; body: string }>, what: string) => {
    const res = await call;
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  };
  const ministry = await signIn(app, 'botuphap.quantri');
  await expect(
    ministry.call('PUT', `/api/v1/procedures/${benchProcedure}/versions/1/workflow`, {
      steps: consultingSteps,
    }),
    'workflow',
  );
  const province = await signIn(app, 'hanoi.quantri');
  await expect(
    province.call('PUT', `/api/v1/procedures/${benchProcedure}/versions/1/bindings/01`, {
      steps: consultingSteps.map((s) => ({ stepCode: s.code, agencyKind: 'province_service_center' })),
    }),
    'bindings',
  );
  await expect(
    ministry.call('PUT', `/api/v1/procedures/${benchProcedure}/routes/01`, { mode: 'central' }),
    'route',
  );
  const receiver = await signIn(app, 'hanoi.motcua');
  return { app, base, receiver };
}

/**
 * `n` counter officials, each at a commune centre of Hà Nội of its own (as at real counters: no
 * shared daily sequence row), signed in: the centres, and the headers each one's requests carry.
 */
export async function communeCounters(database: Database, app: FastifyInstance, n: number) {
  const db = database.db;
  const centres = (
    await db
      .selectFrom('agency as a')
      .innerJoin('admin_unit as u', 'u.code', 'a.admin_unit_code')
      .select('a.code')
      .where('a.kind', '=', 'commune_service_center')
      .where('u.parent_code', '=', '01')
      .orderBy('a.code')
      .limit(n)
      .execute()
  ).map((a) => a.code);
  const counters: Record<string, string>[] = [];
  for (const [i, agency] of centres.entries()) {
    const username = `bench.motcua${i}`;
    const { id } = await sql<{ id: string }>`
      INSERT INTO account (username, full_name, search_name, agency_code, valid_from, password_hash, must_change_password)
      SELECT ${username}, full_name, search_name, ${agency}, valid_from, password_hash, false
      FROM account WHERE username = 'hanoi.motcua' RETURNING id`
      .execute(db)
      .then((r) => r.rows[0] as { id: string });
    await db
      .insertInto('role_grant')
      .values({
        account_id: id,
        role: 'receiver',
        agency_code: agency,
        valid_from: new Date(0),
        sectors: null,
        valid_to: null,
        delegated_by: null,
        reason: null,
        granted_by: null,
        revoked_at: null,
        revoked_by: null,
      })
      .execute();
    const signed = await signIn(app, username);
    counters.push({ cookie: `motcua_session=${signed.cookie}`, 'x-csrf-token': signed.csrf });
  }
  return { centres, counters };
}
