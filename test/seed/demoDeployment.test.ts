import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedDemoDeployment } from '../../src/seed/demoDeployment.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn } from '../../fixtures/staff.js';

const applicant = (communeCode: string) => ({
  kind: 'individual',
  idNumber: '001089012345',
  name: 'Nguyễn Thị Mai',
  address: { communeCode, detail: 'Số 1' },
});

describe(`demo deployment (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db));
  });
  after(() => s.close());

  it('lets the demo receivers take a dossier at once, and is seeded only once', async () => {
    const from = new Date('2025-07-01T00:00:00+07:00');
    assert.deepEqual(await seedDemoDeployment(s.db.database.db, from), ['1.001193', 'VD.000005', '2.001263']);
    assert.deepEqual(await seedDemoDeployment(s.db.database.db, from), []);

    const badinh = await signIn(s.app, 'badinh.motcua');
    const birth = await badinh.call('POST', '/api/v1/dossiers', {
      procedureCode: '1.001193',
      applicant: applicant('00004'),
      components: [
        { code: 'TK', copies: 1 },
        { code: 'GCS', copies: 1 },
      ],
      eform: { TK: { hoTen: 'Nguyễn Thị Mai' } },
    });
    assert.equal(birth.statusCode, 201, birth.body);

    const hanoi = await signIn(s.app, 'hanoi.motcua');
    const record = await hanoi.call('POST', '/api/v1/dossiers', {
      procedureCode: 'VD.000005',
      applicant: applicant('00004'),
      components: [{ code: 'TK', copies: 1 }],
      eform: { TK: { hoTen: 'Nguyễn Thị Mai' } },
    });
    assert.equal(record.statusCode, 201, record.body);
    const orphans = await s.db.database.db.selectFrom('dossier').select('orphan').execute();
    assert.ok(orphans.every((o) => !o.orphan));
  });
});
