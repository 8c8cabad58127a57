import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import type { ServerOptions } from '../../src/http/server.js';
import { demoIntake } from '../../fixtures/intake.js';
import { actOn, deployDemoProcedure, deployInHanoi } from './dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from './testServer.js';

/** Đăng ký nuôi con nuôi trong nước: its LLTP component can be replaced by an issued Phiếu lý lịch tư pháp. */
export const adoption = '2.001263';

/**
 * A server that signs results with a local test CA (in a temporary folder), with VD.000005 at the
 * Hà Nội centre and the adoption procedure at its communes.
 */
export async function startSigning(opts: Partial<ServerOptions> = {}): Promise<{
  s: TestServer;
  ca: LocalCertificateAuthority;
  /** Where the QR codes of results signed from now on point (browser tests know it once listening). */
  setBase: (b: string) => void;
  close: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-pki-'));
  const ca = await LocalCertificateAuthority.open(dir, { now: new Date('2025-01-01') });
  let base = 'http://motcua.test';
  const s = await startTestServer({ signer: ca, verifyBase: () => base, loginPerMinute: 1000, ...opts });
  const now = new Date();
  await deployDemoProcedure(s, now);
  await deployInHanoi(s, adoption, now, 'commune_service_center');
  return {
    s,
    ca,
    setBase: (b) => {
      base = b;
    },
    close: async () => {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A VD.000005 dossier for `idNumber` received, appraised and signed by the Hà Nội centre's leader. */
export async function issuedCriminalRecord(
  s: TestServer,
  idNumber: string,
): Promise<{ code: string; result: { id: string; number: string; sha256: string } }> {
  const receiver = await signIn(s.app, 'hanoi.motcua');
  const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(idNumber));
  assert.equal(res.statusCode, 201, res.body);
  const { code } = res.json<{ code: string }>();
  await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
  await actOn(await signIn(s.app, 'hanoi.chuyenvien'), code, { type: 'forward', toStep: 'PD' });
  await actOn(await signIn(s.app, 'hanoi.lanhdao'), code, { type: 'issue_result' });
  const results = (await receiver.call('GET', `/api/v1/dossiers/${code}/results`)).json<{
    items: { id: string; number: string; sha256: string }[];
  }>().items;
  assert.equal(results.length, 1);
  return { code, result: results[0]! };
}

/** An adoption dossier for `idNumber` at Ba Đình's centre, its LLTP component not yet given. */
export async function adoptionIntake(receiver: Signed, idNumber: string): Promise<string> {
  const res = await receiver.call('POST', '/api/v1/dossiers', {
    procedureCode: adoption,
    applicant: {
      kind: 'individual',
      idNumber,
      name: 'Nguyễn Thị Mai',
      phone: '0912345678',
      address: { communeCode: '00004', detail: 'Số 1 phố Điện Biên Phủ' },
    },
    components: ['TK', 'DON', 'GKSK', 'LLTP'].map((code) => ({ code, copies: 1 })),
    eform: { TK: { hoTen: 'Nguyễn Thị Mai', soDinhDanh: idNumber, noiDung: 'Nhận con nuôi' } },
    summary: 'Đăng ký nuôi con nuôi',
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ code: string }>().code;
}

/** A citizen session as VNeID sign-in leaves it (the browser tests go through the real flow). */
export async function citizenCookie(s: TestServer, idNumber: string, fullName: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await s.db.database.db
    .insertInto('citizen_session')
    .values({
      token_hash: createHash('sha256').update(token).digest('hex'),
      id_number: idNumber,
      full_name: fullName,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + 3_600_000),
    })
    .execute();
  return `motcua_citizen=${token}`;
}
