import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import type { ServerOptions } from '../../src/http/server.js';
import { startTestServer, type TestServer } from './testServer.js';
import { demoIntake, demoProcedure } from '../../fixtures/intake.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { consultingSteps } from '../../fixtures/workflows.js';

/**
 * Staff, the catalog, and VD.000005 received centrally in Hà Nội with every step at the province's
 * service centre: what a test needs before its first intake.
 */
export async function deployDemoProcedure(s: TestServer, now: Date): Promise<void> {
  await seedStaff(s.db.database.db);
  await seedCatalog(createAppContext(s.db.database.db, { now: () => new Date('2026-01-01') }));
  await deployInHanoi(s, demoProcedure, now);
}

/**
 * A procedure of the seeded catalog received centrally in Hà Nội, every step at the province's
 * centre (or, for a commune-level one, at each commune's).
 */
export async function deployInHanoi(
  s: TestServer,
  procedure: string,
  now: Date,
  agencyKind: 'province_service_center' | 'commune_service_center' = 'province_service_center',
): Promise<void> {
  const app: FastifyInstance = s.app;
  const ministry = await signIn(app, 'botuphap.quantri', now);
  const ok = async (p: Promise<{ statusCode: number; body: string }>, status: number) => {
    const res = await p;
    assert.equal(res.statusCode, status, res.body);
  };
  await ok(
    ministry.call('PUT', `/api/v1/procedures/${procedure}/versions/1/workflow`, {
      steps: consultingSteps,
    }),
    200,
  );
  const province = await signIn(app, 'hanoi.quantri', now);
  await ok(
    province.call('PUT', `/api/v1/procedures/${procedure}/versions/1/bindings/01`, {
      steps: consultingSteps.map((st) => ({ stepCode: st.code, agencyKind })),
    }),
    200,
  );
  // Bound, then switched: at the province centre the demo staff hold every role. At each commune's
  // centre only two communes are staffed, so the ministry's leader decides the switch in writing.
  await ok(
    agencyKind === 'province_service_center'
      ? ministry.call('PUT', `/api/v1/procedures/${procedure}/routes/01`, { mode: 'central' })
      : (await signIn(app, 'botuphap.lanhdao', now)).call(
          'PUT',
          `/api/v1/procedures/${procedure}/routes/01`,
          {
            mode: 'central',
            override: { reason: 'Thí điểm tại hai phường có cán bộ (dữ liệu thử nghiệm)' },
          },
        ),
    204,
  );
}

/** A server at a fixed clock with VD.000005 deployed and one dossier received at the Hà Nội centre. */
export async function startWithDossier(
  opts: Partial<ServerOptions>,
  clock: Date,
): Promise<{ s: TestServer; receiver: Signed; code: string }> {
  const s = await startTestServer({
    now: () => clock,
    settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    ...opts,
  });
  await deployDemoProcedure(s, clock);
  const receiver = await signIn(s.app, 'hanoi.motcua', clock);
  const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake());
  assert.equal(res.statusCode, 201, res.body);
  return { s, receiver, code: res.json<{ code: string }>().code };
}

/** Acts on a dossier at its current version, as a person who just opened it would; expects 200. */
export async function actOn(who: Signed, code: string, body: Record<string, unknown>): Promise<void> {
  const { version } = (await who.call('GET', `/api/v1/dossiers/${code}`)).json<{ version: number }>();
  const r = await who.call('POST', `/api/v1/dossiers/${code}/actions`, { expectedVersion: version, ...body });
  assert.equal(r.statusCode, 200, r.body);
}
