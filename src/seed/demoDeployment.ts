import type { Kysely } from 'kysely';
import { stricterTime, allottedHours, checkWorkflow, type WorkflowStep } from '../domain/catalog/workflow.js';
import type { VersionContent } from '../domain/catalog/procedureVersion.js';
import type { StepBinding } from '../domain/catalog/binding.js';
import type { Schema } from '../store/schema.js';

const step = (
  code: string,
  name: string,
  role: WorkflowStep['role'],
  place: WorkflowStep['place'],
  hours: number,
  dvcqgStatus: number,
  kind: WorkflowStep['kind'],
  moves: WorkflowStep['moves'],
): WorkflowStep => ({ code, name, role, place, hours, dvcqgStatus, kind, moves });

/**
 * Three procedures deployed centrally in the demo provinces (Hà Nội, Nghệ An), so that a newcomer
 * can receive a dossier at once: Đăng ký khai sinh (commune level, one working day, at each
 * commune's centre), Cấp Phiếu lý lịch tư pháp (province level, at the province centre) and Đăng
 * ký nuôi con nuôi trong nước (commune level), whose adopter's Phiếu lý lịch tư pháp an earlier
 * result from the citizen's data warehouse replaces.
 */
export const demoDeployments: { code: string; steps: WorkflowStep[]; kind: StepBinding['agencyKind'] }[] = [
  {
    code: '1.001193',
    kind: 'commune_service_center',
    steps: [
      step('TN', 'Tiếp nhận hồ sơ', 'receiver', 'counter', 1, 2, 'receipt', [{ to: 'TD', kind: 'next' }]),
      step('TD', 'Thẩm định, ghi sổ hộ tịch', 'processor', 'specialist', 4, 4, 'work', [
        { to: 'PD', kind: 'next' },
      ]),
      step('PD', 'Ký trích lục khai sinh', 'leader', 'leader', 2, 4, 'work', [
        { to: 'TK', kind: 'next' },
        { to: 'TD', kind: 'back' },
      ]),
      step('TK', 'Trả kết quả', 'receiver', 'counter', 1, 9, 'result', []),
    ],
  },
  {
    code: 'VD.000005',
    kind: 'province_service_center',
    steps: [
      step('TN', 'Tiếp nhận hồ sơ', 'receiver', 'counter', 4, 2, 'receipt', [{ to: 'TD', kind: 'next' }]),
      step('TD', 'Thẩm định, tra cứu lý lịch', 'processor', 'specialist', 48, 4, 'work', [
        { to: 'PD', kind: 'next' },
      ]),
      step('PD', 'Ký Phiếu lý lịch tư pháp', 'leader', 'leader', 8, 4, 'work', [
        { to: 'TK', kind: 'next' },
        { to: 'TD', kind: 'back' },
      ]),
      step('TK', 'Trả kết quả', 'receiver', 'counter', 4, 9, 'result', []),
    ],
  },
  {
    code: '2.001263',
    kind: 'commune_service_center',
    steps: [
      step('TN', 'Tiếp nhận hồ sơ', 'receiver', 'counter', 2, 2, 'receipt', [{ to: 'TD', kind: 'next' }]),
      step('TD', 'Thẩm định, lấy ý kiến', 'processor', 'specialist', 16, 4, 'work', [
        { to: 'PD', kind: 'next' },
      ]),
      step('PD', 'Ký quyết định công nhận', 'leader', 'leader', 8, 4, 'work', [
        { to: 'TK', kind: 'next' },
        { to: 'TD', kind: 'back' },
      ]),
      step('TK', 'Trả kết quả', 'receiver', 'counter', 2, 9, 'result', []),
    ],
  },
];

/** Seeds the demo deployment once, with the demo accounts, on a database that has none of it. */
export async function seedDemoDeployment(db: Kysely<Schema>, from: Date): Promise<string[]> {
  const done: string[] = [];
  for (const d of demoDeployments) {
    const v = await db
      .selectFrom('procedure_version')
      .select(['version_no', 'content'])
      .where('procedure_code', '=', d.code)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (!v) continue;
    const content = v.content as VersionContent;
    const legal = stricterTime(content.time);
    if (checkWorkflow(d.steps, legal).length > 0) throw new Error(`demo workflow of ${d.code} is invalid`);
    const exists = await db
      .selectFrom('workflow_template')
      .select('revision')
      .where('procedure_code', '=', d.code)
      .where('version_no', '=', v.version_no)
      .executeTakeFirst();
    if (exists) continue;
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workflow_template')
        .values({
          procedure_code: d.code,
          version_no: v.version_no,
          case_code: '',
          revision: 1,
          steps: JSON.stringify(d.steps),
          allotted_hours: allottedHours(d.steps),
          layout: null,
          saved_at: from,
          saved_by: null,
        })
        .execute();
      for (const province of ['01', '40']) {
        await tx
          .insertInto('deployment_route')
          .values({
            procedure_code: d.code,
            province_code: province,
            mode: 'central',
            effective_from: from,
            note: 'Dữ liệu mẫu',
            set_at: from,
            set_by: null,
          })
          .execute();
        await tx
          .insertInto('workflow_binding')
          .values({
            procedure_code: d.code,
            version_no: v.version_no,
            case_code: '',
            unit_code: province,
            revision: 1,
            steps: JSON.stringify(d.steps.map((s) => ({ stepCode: s.code, agencyKind: d.kind }))),
            saved_at: from,
            saved_by: null,
          })
          .execute();
      }
    });
    done.push(d.code);
  }
  return done;
}
