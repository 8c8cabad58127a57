import type { Kysely } from 'kysely';
import type { Actor } from '../../app/access/actor.js';
import { loadCalendar } from '../../app/calendar/calendars.js';
import { createAppContext, type AppContext } from '../../app/context.js';
import { intakeAtCounter, intakeFromPortal, type IntakeInput } from '../../app/dossiers/intake.js';
import { issueSystemClientKey } from '../../app/integrations/apiClients.js';
import { nextWorkingInstant } from '../../domain/calendar/deadline.js';
import { dayOf, fromLocal, minutesPerDay, toLocal } from '../../domain/calendar/localTime.js';
import { Channel, Status } from '../../domain/dossier/status.js';
import type { Schema } from '../../store/schema.js';
import { planDemoAccounts } from '../demoAccounts.js';
import { demoDeployments } from '../demoDeployment.js';
import { Agenda, type DemoActivitySummary, type DemoDesk } from './agenda.js';
import { DemoHandling } from './handling.js';
import { demoPerson, pick, seededRandom, type Random } from './people.js';
import { demoStoryOf } from './story.js';

/** How much activity, and from which seed. */
export interface DemoActivityOptions {
  seed: number;
  /** Calendar days of history ending at `until`. */
  days: number;
  /** Dossiers a staffed agency receives per procedure on an average working day. */
  perDay: number;
  until: Date;
}

/** A newcomer's first start: six weeks, so the last full month has its report and the trend two points. */
export const defaultDemoActivity = { seed: 2026, days: 42, perDay: 4 } as const;

/** Why the demo will not run: it never mixes invented dossiers into a system that holds real ones. */
export class DemoRefused extends Error {}

/**
 * Refuses a database holding anything but the demo: an account that is not a demo account, or any
 * dossier at all (the activity is generated once, on a fresh system).
 */
export async function refuseRealData(db: Kysely<Schema>): Promise<void> {
  const demo = new Set((await planDemoAccounts(db)).map((a) => a.username));
  const accounts = await db.selectFrom('account').select('username').orderBy('username').execute();
  const foreign = accounts.filter((a) => !demo.has(a.username));
  if (foreign.length > 0)
    throw new DemoRefused(
      `CSDL có ${foreign.length} tài khoản không thuộc dữ liệu mẫu (ví dụ ${foreign[0]?.username}): không tạo hoạt động mẫu trên dữ liệu thật.`,
    );
  if (accounts.length === 0) throw new DemoRefused('CSDL chưa có tài khoản mẫu (DEMO_ACCOUNTS=true).');
  const dossier = await db.selectFrom('dossier').select('code').limit(1).executeTakeFirst();
  if (dossier)
    throw new DemoRefused(`CSDL đã có hồ sơ (${dossier.code}): hoạt động mẫu chỉ tạo trên hệ thống mới.`);
}

/** The agencies where demo accounts receive, process and sign, with the procedures deployed there. */
async function demoDesks(db: Kysely<Schema>): Promise<DemoDesk[]> {
  const grants = await db
    .selectFrom('role_grant as g')
    .innerJoin('account as a', 'a.id', 'g.account_id')
    .innerJoin('agency as c', 'c.code', 'g.agency_code')
    .innerJoin('admin_unit as u', 'u.code', 'c.admin_unit_code')
    .select(['g.agency_code', 'g.role', 'a.id', 'a.username', 'c.kind', 'c.admin_unit_code', 'u.parent_code'])
    .where('g.role', 'in', ['receiver', 'processor', 'leader'])
    .orderBy('g.agency_code')
    .orderBy('a.username')
    .execute();
  const desks: DemoDesk[] = [];
  for (const code of [...new Set(grants.map((g) => g.agency_code))]) {
    const here = grants.filter((g) => g.agency_code === code);
    const actor = (role: string): Actor | undefined => {
      const g = here.find((x) => x.role === role);
      return g && { kind: 'staff', accountId: g.id, username: g.username, stage: 'full' };
    };
    const [receiver, processor, leader, first] = [
      actor('receiver'),
      actor('processor'),
      actor('leader'),
      here[0],
    ];
    const procedures = demoDeployments.filter((d) => d.kind === first?.kind).map((d) => d.code);
    if (!receiver || !processor || !leader || !first || procedures.length === 0) continue;
    const calendar = await db.transaction().execute((tx) => loadCalendar(tx, code));
    const communes = first.parent_code
      ? [first.admin_unit_code]
      : (
          await db
            .selectFrom('admin_unit')
            .select('code')
            .where('parent_code', '=', first.admin_unit_code)
            .where('valid_to', 'is', null)
            .orderBy('code')
            .limit(30)
            .execute()
        ).map((u) => u.code);
    desks.push({
      agencyCode: code,
      province: first.parent_code ?? first.admin_unit_code,
      communes,
      ...{ receiver, processor, leader, procedures, calendar },
    });
  }
  return desks;
}

const forms: Record<string, { components: string[]; summary: string }> = {
  '1.001193': { components: ['TK', 'GCS'], summary: 'Đăng ký khai sinh cho con' },
  'VD.000005': { components: ['TK'], summary: 'Đề nghị cấp Phiếu lý lịch tư pháp số 1' },
  '2.001263': { components: ['TK', 'DON', 'GKSK', 'LLTP'], summary: 'Đăng ký nuôi con nuôi trong nước' },
};

function intakeOf(random: Random, desk: DemoDesk, procedure: string): IntakeInput {
  const person = demoPerson(random, desk.province);
  const form = forms[procedure] ?? { components: ['TK'], summary: procedure };
  return {
    procedureCode: procedure,
    applicant: {
      kind: 'individual',
      idNumber: person.idNumber,
      name: person.name,
      phone: person.phone,
      address: { communeCode: pick(random, desk.communes), detail: person.street },
    },
    components: form.components.map((code) => ({ code, copies: 1 })),
    eform: { TK: { hoTen: person.name, soDinhDanh: person.idNumber, noiDung: form.summary } },
    summary: form.summary,
  };
}

/** The national portal's client, as the running system registers it: online dossiers come through it. */
async function portalClient(ctx: AppContext): Promise<Actor> {
  const name = 'Cổng DVCQG (mô phỏng)';
  await issueSystemClientKey(ctx, name, ['dossiers.submit', 'portal.events']);
  const row = await ctx.db
    .selectFrom('api_client')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return { kind: 'client', clientId: row.id, name, scopes: ['dossiers.submit'], agencyCode: null };
}

/**
 * Fills a fresh demo system with weeks of activity through the use cases officials, applicants and
 * the portal use: every dossier is received (at the counter, by post, online), handled step by step
 * by the demo officials on their working calendar, some late, some sent back for papers or a fee,
 * refused or withdrawn, returned and rated; officials report difficulties, applicants give feedback.
 * The same seed and end give the same activity.
 */
export async function generateDemoActivity(
  db: Kysely<Schema>,
  options: DemoActivityOptions,
): Promise<DemoActivitySummary> {
  await refuseRealData(db);
  const until = toLocal(options.until);
  const from = (dayOf(until) - options.days) * minutesPerDay;
  const agenda = new Agenda(from, until);
  const ctx = createAppContext(db, { now: () => fromLocal(agenda.now) });
  const random = seededRandom(options.seed);
  const desks = await demoDesks(db);
  if (desks.length === 0) throw new DemoRefused('Không cơ quan nào có đủ cán bộ mẫu để tạo hoạt động mẫu.');
  const summary: DemoActivitySummary = {
    dossiers: 0,
    actions: 0,
    ratings: 0,
    feedback: 0,
    difficulties: 0,
    open: 0,
  };
  const portal = await portalClient(ctx);
  const handling = new DemoHandling(ctx, random, agenda, summary);
  for (let day = dayOf(from); day <= dayOf(until); day++) {
    for (const desk of desks) {
      if (!desk.calendar.isWorkingDay(day)) continue;
      for (const procedure of desk.procedures) {
        const count = Math.round(options.perDay * (0.5 + random()));
        for (let i = 0; i < count; i++) {
          const at = nextWorkingInstant(
            desk.calendar,
            day * minutesPerDay + 450 + Math.floor(random() * 570),
          );
          const input = intakeOf(random, desk, procedure);
          const story = demoStoryOf(random);
          agenda.at(at, async () => {
            const n = ++summary.dossiers;
            const made =
              story.channel === Channel.online
                ? await intakeFromPortal(ctx, portal, `DEMO-${options.seed}-${n}`, {
                    ...input,
                    agencyCode: desk.agencyCode,
                  })
                : await intakeAtCounter(ctx, desk.receiver, {
                    ...input,
                    channel: story.channel,
                    agencyCode: desk.agencyCode,
                  });
            const { idNumber } = input.applicant;
            handling.received(
              { code: made.code, version: made.version, idNumber, procedure, desk, story },
              at,
            );
          });
        }
      }
      if (random() < 0.12) agenda.at(day * minutesPerDay + 600, () => handling.difficulty(desk));
    }
  }
  for (let e = agenda.next(); e; e = agenda.next()) await e.run();
  const open = await db
    .selectFrom('dossier')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'not in', [Status.refused, Status.withdrawn, Status.stopped, Status.returned])
    .executeTakeFirstOrThrow();
  return { ...summary, open: Number(open.n) };
}
