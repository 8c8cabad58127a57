import assert from 'node:assert/strict';
import { createAppContext } from '../../src/app/context.js';
import type { ServerOptions } from '../../src/http/server.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedDemoDeployment } from '../../src/seed/demoDeployment.js';
import { startTestServer, type TestServer } from './testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { oneDayCommuneSteps } from '../../fixtures/workflows.js';

/**
 * What a newcomer's `npm start` holds: the demo accounts, the catalog and the demo deployment
 * (birth registration at each commune's centre in Hà Nội and Nghệ An), on a fresh database. The
 * outside probe of issue 17 was run against exactly this.
 */
export async function startDemoSystem(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const s = await startTestServer({ loginPerMinute: 10_000, rateLimitPerMinute: 100_000, ...opts });
  const db = s.db.database.db;
  await seedStaff(db);
  await seedCatalog(createAppContext(db, { now: () => new Date('2026-01-01') }));
  await seedDemoDeployment(db, new Date('2025-07-01T00:00:00+07:00'));
  return s;
}

/** The agency an account works at. */
export async function agencyOf(s: TestServer, username: string): Promise<string> {
  const a = await s.db.database.db
    .selectFrom('account')
    .select('agency_code')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return a.agency_code;
}

/** The commune (GSO code) an agency sits in. */
export async function unitOf(s: TestServer, agencyCode: string): Promise<string> {
  const a = await s.db.database.db
    .selectFrom('agency')
    .select('admin_unit_code')
    .where('code', '=', agencyCode)
    .executeTakeFirstOrThrow();
  return a.admin_unit_code;
}

/** A birth registration (1.001193, Bộ Tư pháp) received at the counter of `receiver`'s commune. */
export async function birthDossier(receiver: Signed, communeCode: string, procedure = '1.001193') {
  const res = await receiver.call('POST', '/api/v1/dossiers', {
    procedureCode: procedure,
    applicant: {
      kind: 'individual',
      idNumber: '001089012345',
      name: 'Nguyễn Thị Mai',
      address: { communeCode, detail: 'Số 1' },
    },
    components: [
      { code: 'TK', copies: 1 },
      ...(procedure === '1.001193' ? [{ code: 'GCS', copies: 1 }] : [{ code: 'CMCH', copies: 1 }]),
    ],
    eform: { TK: { hoTen: 'Nguyễn Thị Mai' } },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ code: string; version: number; agencyCode: string }>();
}

/**
 * Đăng ký thường trú (VD.000006, Bộ Công an) deployed centrally in Hà Nội at each commune's centre:
 * a procedure of another ministry, for scope tests that need a dossier a Justice monitor must not see.
 */
export async function deployResidenceInHanoi(s: TestServer): Promise<void> {
  const system = await signIn(s.app, 'quantri');
  const wf = await system.call('PUT', '/api/v1/procedures/VD.000006/versions/1/workflow', {
    steps: oneDayCommuneSteps,
  });
  assert.equal(wf.statusCode, 200, wf.body);
  const province = await signIn(s.app, 'hanoi.quantri');
  const bind = await province.call('PUT', '/api/v1/procedures/VD.000006/versions/1/bindings/01', {
    steps: oneDayCommuneSteps.map((st) => ({ stepCode: st.code, agencyKind: 'commune_service_center' })),
  });
  assert.equal(bind.statusCode, 200, bind.body);
  // Central in Hà Nội although most communes have nobody: the go-live gate would refuse it and Bộ
  // Công an has no demo leader to decide otherwise, so the fixture writes the route itself.
  await s.db.database.db
    .insertInto('deployment_route')
    .values({
      procedure_code: 'VD.000006',
      province_code: '01',
      effective_from: new Date('2025-07-01T00:00:00+07:00'),
      mode: 'central',
      note: 'fixture',
      set_at: new Date(),
      set_by: null,
    })
    .execute();
}
