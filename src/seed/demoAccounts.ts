import { sql, type Kysely } from 'kysely';
import type { Role } from '../domain/access/roles.js';
import { searchKey } from '../domain/text/searchKey.js';
import { hashPassword } from '../app/auth/passwords.js';
import type { Schema } from '../store/schema.js';

/** The one password of every demo account (printed at start-up; never use outside a demo). */
export const demoPassword = 'MotCua@2026-demo';

export interface DemoAccount {
  username: string;
  fullName: string;
  position: string;
  agencyCode: string;
  role: Role;
}

const staffRoles: { role: Role; suffix: string; position: string }[] = [
  { role: 'receiver', suffix: 'motcua', position: 'Cán bộ một cửa' },
  { role: 'processor', suffix: 'chuyenvien', position: 'Chuyên viên' },
  { role: 'leader', suffix: 'lanhdao', position: 'Phó Giám đốc' },
  { role: 'monitor', suffix: 'giamsat', position: 'Chuyên viên giám sát' },
];
const names = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Minh Châu',
  'Phạm Thu Dung',
  'Hoàng Đức Em',
  'Vũ Thị Giang',
  'Đặng Quốc Hùng',
  'Bùi Thanh Hương',
];

/** "Phường Ba Đình" → "badinh": the name without its kind, folded, for a username. */
function slug(unitName: string): string {
  return searchKey(unitName.replace(/^(Thành phố|Tỉnh|Phường|Xã|Đặc khu)\s+/u, '')).replace(/[^a-z0-9]/g, '');
}

/**
 * The demo cast: a system administrator, a ministry's administrator, leader and monitor, a national monitor (Văn phòng
 * Chính phủ), and for two provinces an
 * administrator, receiver, processor, leader and monitor at the province Trung tâm PVHCC and at
 * two of its communes' centres.
 */
export async function planDemoAccounts(db: Kysely<Schema>): Promise<DemoAccount[]> {
  const out: DemoAccount[] = [
    {
      username: 'quantri',
      fullName: 'Quản trị hệ thống',
      position: 'Quản trị viên',
      agencyCode: '000.00.00.G04',
      role: 'system_admin',
    },
    {
      username: 'botuphap.quantri',
      fullName: 'Ngô Thị Lan',
      position: 'Quản trị viên cấp bộ',
      agencyCode: '000.00.00.G09',
      role: 'ministry_admin',
    },
    {
      // Decides, in writing, a switch to central reception that the go-live gate would refuse.
      username: 'botuphap.lanhdao',
      fullName: 'Phan Văn Khải',
      position: 'Thứ trưởng Bộ Tư pháp',
      agencyCode: '000.00.00.G09',
      role: 'leader',
    },
    {
      // A ministry's monitor: the dossiers and numbers of Bộ Tư pháp's procedures in every province.
      username: 'botuphap.giamsat',
      fullName: 'Hoàng Thu Trang',
      position: 'Chuyên viên Văn phòng Bộ Tư pháp',
      agencyCode: '000.00.00.G09',
      role: 'monitor',
    },
    {
      // A monitor at a central body reaches the whole nation: the steering view of all 34 provinces.
      username: 'vpcp.giamsat',
      fullName: 'Đỗ Minh Khoa',
      position: 'Chuyên viên Cục Kiểm soát thủ tục hành chính',
      agencyCode: '000.00.00.G17',
      role: 'national_monitor',
    },
  ];
  let n = 0;
  const person = () => names[n++ % names.length] as string;
  for (const province of ['01', '40']) {
    const p = await db
      .selectFrom('admin_unit')
      .select(['code', 'name'])
      .where('code', '=', province)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const communes = await db
      .selectFrom('admin_unit')
      .select(['code', 'name'])
      .where('parent_code', '=', province)
      .where('valid_to', 'is', null)
      .orderBy('code')
      .limit(2)
      .execute();
    const places = [
      { prefix: slug(p.name), center: `000.00.01.H${province}`, admin: 'province_admin' as Role },
      ...communes.map((c) => ({
        prefix: slug(c.name),
        center: `${c.code.slice(0, 3)}.${c.code.slice(3)}.51.H${province}`,
        admin: 'commune_admin' as Role,
      })),
    ];
    for (const place of places) {
      out.push({
        username: `${place.prefix}.quantri`,
        fullName: person(),
        position: 'Quản trị viên',
        agencyCode: place.center,
        role: place.admin,
      });
      for (const r of staffRoles) {
        out.push({
          username: `${place.prefix}.${r.suffix}`,
          fullName: person(),
          position: r.position,
          agencyCode: place.center,
          role: r.role,
        });
      }
    }
  }
  return out;
}

/** Creates the demo accounts on a database that has no account yet; returns them (empty if skipped). */
export async function seedDemoAccounts(db: Kysely<Schema>, validFrom: Date): Promise<DemoAccount[]> {
  const plan = await planDemoAccounts(db);
  const hash = await hashPassword(demoPassword);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.demo'))`.execute(tx);
    const any = await tx.selectFrom('account').select('id').limit(1).executeTakeFirst();
    if (any) return [];
    for (const d of plan) {
      const { id } = await tx
        .insertInto('account')
        .values({
          username: d.username,
          full_name: d.fullName,
          search_name: searchKey(`${d.fullName} ${d.username}`),
          agency_code: d.agencyCode,
          position: d.position,
          phone: null,
          // Alerts to administrators (orphaned dossiers, switches with gaps) land in the demo mailbox.
          email: `${d.username}@demo.motcua.vn`,
          valid_from: '2025-07-01',
          valid_to: null,
          password_hash: hash,
          totp_secret: null,
          totp_pending_secret: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('role_grant')
        .values({
          account_id: id,
          role: d.role,
          agency_code: d.agencyCode,
          sectors: null,
          valid_from: validFrom,
          valid_to: null,
          delegated_by: null,
          reason: null,
          granted_by: null,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
    }
    return plan;
  });
}
