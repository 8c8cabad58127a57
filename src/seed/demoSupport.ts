import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.js';

/**
 * The demo's support focal points (the national desk and the two demo provinces), so that the help
 * page and the error screens show whom to call. Only on a database that has none.
 */
export async function seedDemoSupport(db: Kysely<Schema>, at: Date): Promise<number> {
  const any = await db.selectFrom('support_contact').select('id').limit(1).executeTakeFirst();
  const admin = await db
    .selectFrom('account')
    .select('id')
    .where('username', '=', 'quantri')
    .executeTakeFirst();
  if (any || !admin) return 0;
  const contact = (
    area_kind: 'national' | 'province',
    area_code: string | null,
    name: string,
    unit: string,
  ) => ({
    id: randomUUID(),
    area_kind,
    area_code,
    name,
    unit,
    phone: '1900 0000',
    email: 'hotro@demo.motcua.vn',
    hours: area_kind === 'national' ? '24/7' : '7:30–17:00 các ngày làm việc; sự cố nghiêm trọng 24/7',
    channel: null,
    updated_by: admin.id,
    updated_at: at,
  });
  const rows = [
    contact('national', null, 'Tổng đài hỗ trợ (dữ liệu trình diễn)', 'Văn phòng Chính phủ'),
    contact('province', '01', 'Tổ hỗ trợ kỹ thuật Hà Nội (trình diễn)', 'Trung tâm Phục vụ hành chính công'),
    contact('province', '40', 'Tổ hỗ trợ kỹ thuật Nghệ An (trình diễn)', 'Trung tâm Phục vụ hành chính công'),
  ];
  await db.insertInto('support_contact').values(rows).execute();
  return rows.length;
}
