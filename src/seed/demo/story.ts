import type { RatingLevel } from '../../domain/reports/ratings.js';
import { Channel } from '../../domain/dossier/status.js';
import type { Random } from './people.js';

/**
 * What will happen to one dossier of the living demo, drawn once when it is planned: how it came in
 * and what its handling meets on the way. The proportions are those of a working one-stop centre:
 * most dossiers on time, some late, a few sent back for papers, refused, withdrawn.
 */
export interface DemoStory {
  channel: typeof Channel.counter | typeof Channel.online | typeof Channel.postal;
  /** Refused at receipt (an online dossier that is not what the procedure asks). */
  refused: boolean;
  /** Papers asked for during appraisal: brought back, or still awaited. */
  supplement: 'none' | 'brought' | 'awaited';
  /** A fee asked for during appraisal and paid at the counter. */
  payment: boolean;
  /** The applicant withdraws during appraisal. */
  withdrawn: boolean;
  /** The step that overruns its time, if any. */
  lateAt: 'TD' | 'PD' | null;
  /** The leader sends the appraisal back once before signing. */
  sentBack: boolean;
  returnMethod: 'counter' | 'post';
  rating: RatingLevel | null;
  /** The applicant writes feedback after the result. */
  feedback: boolean;
}

const chance = (random: Random, p: number) => random() < p;

export function demoStoryOf(random: Random): DemoStory {
  const r = random();
  const channel = r < 0.55 ? Channel.counter : r < 0.9 ? Channel.online : Channel.postal;
  const s = random();
  const late = random();
  const rated = random();
  return {
    channel,
    refused: channel === Channel.online && chance(random, 0.06),
    supplement: s < 0.06 ? 'brought' : s < 0.08 ? 'awaited' : 'none',
    payment: chance(random, 0.08),
    withdrawn: chance(random, 0.02),
    lateAt: late < 0.08 ? 'TD' : late < 0.12 ? 'PD' : null,
    sentBack: chance(random, 0.05),
    // An electronic return needs the result signed here; the demo's results are signed on paper.
    returnMethod: channel === Channel.counter ? 'counter' : chance(random, 0.5) ? 'post' : 'counter',
    rating:
      rated < 0.3
        ? 'very_satisfied'
        : rated < 0.5
          ? 'satisfied'
          : rated < 0.55
            ? 'neutral'
            : rated < 0.58
              ? 'unsatisfied'
              : null,
    feedback: chance(random, 0.02),
  };
}
