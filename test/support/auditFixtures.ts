import { seedStaff, signIn } from '../../fixtures/staff.js';
import type { TestServer } from './testServer.js';

/**
 * Something for the audit trail to hold at three levels: a failed sign-in by an unknown name (no
 * agency), sign-ins in Hà Nội and Nghệ An, and an account created by Ba Đình's administrator.
 */
export async function auditedActivity(s: TestServer): Promise<void> {
  await seedStaff(s.db.database.db);
  await s.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'nobody.at.all', password: 'wrong-password-x' },
  });
  await signIn(s.app, 'hanoi.motcua');
  await signIn(s.app, 'nghean.motcua');
  const admin = await signIn(s.app, 'badinh.quantri');
  await admin.call('POST', '/api/v1/accounts', {
    username: 'moi.badinh',
    fullName: 'Cán bộ mới',
    agencyCode: '000.04.51.H01',
  });
}
