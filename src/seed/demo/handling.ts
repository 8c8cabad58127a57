import type { Actor } from '../../app/access/actor.js';
import type { AppContext } from '../../app/context.js';
import { actOnDossier } from '../../app/dossiers/actOnDossier.js';
import { reportDifficulty, submitCitizenFeedback } from '../../app/feedback/submitFeedback.js';
import { rateDossier } from '../../app/public/publicStatus.js';
import type { ActionBody } from '../../contracts/dossiers.js';
import type { LocalMinute } from '../../domain/calendar/localTime.js';
import { Channel } from '../../domain/dossier/status.js';
import { ratingReasons } from '../../domain/reports/ratings.js';
import { demoDeployments } from '../demoDeployment.js';
import {
  workAfter,
  type Agenda,
  type DemoActivitySummary,
  type DemoDesk,
  type DemoDossier,
} from './agenda.js';
import { between, pick, type Random } from './people.js';

type Body = ActionBody extends infer T ? (T extends unknown ? Omit<T, 'expectedVersion'> : never) : never;

const meta = { ip: null, requestId: null };
const fees: Record<string, number> = { 'VD.000005': 200_000, '2.001263': 400_000 };

const difficulties = [
  {
    category: 'integration',
    subject: 'Hồ sơ trực tuyến về chậm',
    content:
      'Hồ sơ nộp trên Cổng Dịch vụ công quốc gia buổi sáng đến chiều mới hiện trong danh sách chờ tiếp nhận.',
  },
  {
    category: 'catalog',
    subject: 'Biểu mẫu tờ khai chưa cập nhật',
    content: 'Tờ khai trên hệ thống còn theo mẫu cũ, công dân phải khai lại.',
    procedure: true,
  },
  {
    category: 'equipment',
    subject: 'Máy quét tại bộ phận một cửa hỏng',
    content: 'Máy quét hỏng từ sáng nay, chưa số hóa được giấy tờ khi tiếp nhận.',
  },
  {
    category: 'training',
    subject: 'Chưa rõ cách chuyển hồ sơ liên thông',
    content: 'Cán bộ mới chưa được hướng dẫn cách gửi lấy ý kiến cơ quan khác.',
  },
  {
    category: 'accounts',
    subject: 'Cán bộ mới chưa có tài khoản',
    content: 'Cán bộ mới điều động về bộ phận một cửa chưa được cấp tài khoản.',
  },
] as const;

const stepHours = (procedure: string, step: string): number =>
  demoDeployments.find((d) => d.code === procedure)?.steps.find((s) => s.code === step)?.hours ?? 4;

/**
 * How the demo's officials and applicants handle each dossier once it is in: the story drawn for
 * it, told through the same use cases the screens call, each at its minute on the agenda.
 */
export class DemoHandling {
  constructor(
    private readonly ctx: AppContext,
    private readonly random: Random,
    private readonly agenda: Agenda,
    private readonly summary: DemoActivitySummary,
  ) {}

  /** A dossier just created: received at once at the counter, or waiting for the receiver if online. */
  received(d: DemoDossier, at: LocalMinute): void {
    if (d.story.channel !== Channel.online) return this.toAppraisal(d, at);
    this.later(d, at, between(this.random, 10, 240), async () => {
      if (d.story.refused)
        return this.act(d, d.desk.receiver, {
          type: 'refuse',
          reason: 'Thành phần hồ sơ không đúng quy định',
        });
      await this.act(d, d.desk.receiver, { type: 'receive' });
      this.toAppraisal(d, this.agenda.now);
    });
  }

  /** An official of the desk reports a difficulty with the system. */
  async difficulty(desk: DemoDesk): Promise<void> {
    const what = pick(this.random, difficulties);
    const who = pick(this.random, [desk.receiver, desk.processor, desk.leader]);
    const { procedure, ...body } = { procedure: false, ...what };
    const about = procedure ? { procedure: desk.procedures[0] } : {};
    await reportDifficulty(this.ctx, who, { ...body, ...about }, undefined, meta);
    this.summary.difficulties++;
  }

  private async act(d: DemoDossier, who: Actor, body: Body): Promise<void> {
    const r = await actOnDossier(this.ctx, who, d.code, {
      ...body,
      expectedVersion: d.version,
    } as ActionBody);
    d.version = r.version;
    this.summary.actions++;
  }

  /** A share of a step's time: within it when on time, beyond it when this step is the late one. */
  private spent(d: DemoDossier, step: string): number {
    const share = d.story.lateAt === step ? 1.2 + this.random() : 0.15 + this.random() * 0.6;
    return stepHours(d.procedure, step) * 60 * share;
  }

  private later(d: DemoDossier, at: LocalMinute, minutes: number, run: () => Promise<void>): void {
    this.agenda.at(workAfter(d.desk, at, minutes), run);
  }

  private toAppraisal(d: DemoDossier, at: LocalMinute): void {
    this.later(d, at, this.spent(d, 'TN'), async () => {
      await this.act(d, d.desk.receiver, {
        type: 'forward',
        toStep: 'TD',
        assigneeId: staffId(d.desk.processor),
      });
      this.appraise(d, this.agenda.now);
    });
  }

  /** Appraisal meets what the story holds (papers, a fee, a withdrawal), then goes to the leader. */
  private appraise(d: DemoDossier, at: LocalMinute): void {
    const { story } = d;
    if (story.supplement !== 'none') return this.askPapers(d, at);
    if (story.payment && fees[d.procedure]) return this.askFee(d, at);
    if (story.withdrawn)
      return this.later(d, at, this.spent(d, 'TD') / 2, async () => {
        const reason = 'Công dân có đơn xin rút hồ sơ';
        await this.act(d, d.desk.receiver, { type: 'request_withdrawal', reason });
        await this.act(d, d.desk.receiver, { type: 'withdraw', reason });
      });
    this.later(d, at, this.spent(d, 'TD'), async () => {
      await this.act(d, d.desk.processor, {
        type: 'forward',
        toStep: 'PD',
        assigneeId: staffId(d.desk.leader),
      });
      this.decide(d, this.agenda.now);
    });
  }

  private askPapers(d: DemoDossier, at: LocalMinute): void {
    const awaited = d.story.supplement === 'awaited';
    d.story.supplement = 'none';
    this.later(d, at, this.spent(d, 'TD') / 3, async () => {
      const reason = 'Giấy tờ chưa có chứng thực';
      await this.act(d, d.desk.processor, { type: 'request_supplement', reason, components: ['TK'] });
      if (awaited) return;
      this.later(d, this.agenda.now, between(this.random, 240, 1440), async () => {
        await this.act(d, d.desk.receiver, { type: 'receive_supplement' });
        this.appraise(d, this.agenda.now);
      });
    });
  }

  private askFee(d: DemoDossier, at: LocalMinute): void {
    d.story.payment = false;
    this.later(d, at, 30, async () => {
      await this.act(d, d.desk.processor, { type: 'request_payment', amount: fees[d.procedure] as number });
      this.later(d, this.agenda.now, between(this.random, 60, 960), async () => {
        await this.act(d, d.desk.receiver, { type: 'record_payment' });
        this.appraise(d, this.agenda.now);
      });
    });
  }

  /** The leader signs, or once sends the appraisal back first. */
  private decide(d: DemoDossier, at: LocalMinute): void {
    this.later(d, at, this.spent(d, 'PD'), async () => {
      if (d.story.sentBack) {
        d.story.sentBack = false;
        const reason = 'Bổ sung nội dung thẩm định';
        await this.act(d, d.desk.leader, { type: 'return_to_step', toStep: 'TD', reason });
        return this.later(d, this.agenda.now, 60, async () => {
          await this.act(d, d.desk.processor, {
            type: 'forward',
            toStep: 'PD',
            assigneeId: staffId(d.desk.leader),
          });
          this.decide(d, this.agenda.now);
        });
      }
      await this.act(d, d.desk.leader, { type: 'issue_result' });
      this.giveBack(d, this.agenda.now);
    });
  }

  private giveBack(d: DemoDossier, at: LocalMinute): void {
    this.later(d, at, between(this.random, 30, 960), async () => {
      const post = d.story.returnMethod === 'post';
      const reference = post ? `EMS${between(this.random, 1e8, 9e8)}VN` : d.idNumber;
      await this.act(d, d.desk.receiver, { type: 'return_result', method: d.story.returnMethod, reference });
      this.afterwards(d, this.agenda.now);
    });
  }

  /** The applicant rates the service, and now and then writes feedback. */
  private afterwards(d: DemoDossier, at: LocalMinute): void {
    const { rating, feedback } = d.story;
    const verify = d.idNumber.slice(-4);
    if (rating)
      this.later(d, at, between(this.random, 10, 2400), async () => {
        const unhappy = rating === 'unsatisfied' || rating === 'neutral';
        await rateDossier(this.ctx, d.code, verify, {
          level: rating,
          reasons: unhappy ? [pick(this.random, ratingReasons)] : [],
        });
        this.summary.ratings++;
      });
    if (feedback)
      this.later(d, at, between(this.random, 60, 2400), async () => {
        const category = pick(this.random, ['slow', 'conduct', 'other']);
        const content =
          'Đề nghị cơ quan xem lại thời gian trả kết quả và cách hướng dẫn tại bộ phận một cửa.';
        await submitCitizenFeedback(this.ctx, d.code, verify, { category, content }, meta);
        this.summary.feedback++;
      });
  }
}

const staffId = (a: Actor): string => (a.kind === 'staff' ? a.accountId : '');
