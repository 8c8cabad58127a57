import type { Indicators } from './indicators.js';

/**
 * The 100-point score of Decision 766/QĐ-TTg: five groups (publicity and transparency, progress
 * and results, digitization, online services, satisfaction), each criterion turning one rate into
 * points along a curve. Weights and curves are configuration, versioned with the day they take
 * effect (table `indicator_scoring`): a period is scored by the version in force at its end, so a
 * past month keeps its score.
 */
export type RateName = keyof Indicators['rates'];
export const rateNames: readonly RateName[] = [
  'onTime',
  'online',
  'digitization',
  'reuse',
  'resultDigitization',
  'onlinePayment',
  'satisfaction',
];

/** Points from a rate: the fraction of the criterion's points at each rate, linear between. */
export type Curve = [rate: number, fraction: number][];

export interface Criterion {
  rate: RateName;
  points: number;
  curve: Curve;
}

export interface ScoringGroup {
  code: string;
  name: string;
  points: number;
  /** Empty: the group is not measured by this system (reported, not scored). */
  criteria: Criterion[];
}

export interface Scoring {
  version: number;
  effectiveFrom: string;
  groups: ScoringGroup[];
}

export interface GroupScore {
  code: string;
  name: string;
  max: number;
  /** Null when none of its criteria had data in the period. */
  points: number | null;
  /** Points of the criteria that had data (what `points` is out of). */
  measuredMax: number;
  /** False: the group has no criterion measured by this system (scored elsewhere). */
  measured: boolean;
}

export interface Score {
  version: number;
  groups: GroupScore[];
  /** Sum of the groups' points, out of `measuredMax` (100 when everything was measured). */
  points: number;
  measuredMax: number;
}

/** The fraction a curve gives at a rate (flat before its first point and after its last). */
export function curveAt(curve: Curve, rate: number): number {
  const first = curve[0];
  const last = curve.at(-1);
  if (!first || !last) return 0;
  if (rate <= first[0]) return first[1];
  if (rate >= last[0]) return last[1];
  for (let i = 1; i < curve.length; i++) {
    const [x1, y1] = curve[i] as readonly [number, number];
    const [x0, y0] = curve[i - 1] as readonly [number, number];
    if (rate <= x1) return x1 === x0 ? y1 : y0 + ((y1 - y0) * (rate - x0)) / (x1 - x0);
  }
  return last[1];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Scores a period's indicators; criteria without data are left out of both points and maximum. */
export function scoreOf(indicators: Indicators, scoring: Scoring): Score {
  const groups = scoring.groups.map((g) => {
    let points = 0;
    let measuredMax = 0;
    for (const c of g.criteria) {
      const rate = indicators.rates[c.rate];
      if (rate === null) continue;
      points += c.points * curveAt(c.curve, rate);
      measuredMax += c.points;
    }
    return {
      code: g.code,
      name: g.name,
      max: g.points,
      points: measuredMax === 0 ? null : round2(points),
      measuredMax,
      measured: g.criteria.length > 0,
    };
  });
  return {
    version: scoring.version,
    groups,
    points: round2(groups.reduce((n, g) => n + (g.points ?? 0), 0)),
    measuredMax: groups.reduce((n, g) => n + g.measuredMax, 0),
  };
}

export type ScoringProblem = { field: string; message: string };

/** Why a scoring cannot be used: weights that do not add up, curves that go back or out of range. */
export function checkScoring(groups: readonly ScoringGroup[]): ScoringProblem[] {
  const problems: ScoringProblem[] = [];
  const total = groups.reduce((n, g) => n + g.points, 0);
  if (Math.abs(total - 100) > 1e-9)
    problems.push({ field: 'groups', message: `Tổng điểm các nhóm phải là 100 (đang là ${total})` });
  const codes = new Set<string>();
  groups.forEach((g, i) => {
    if (codes.has(g.code)) problems.push({ field: `groups.${i}.code`, message: 'Mã nhóm bị trùng' });
    codes.add(g.code);
    const sum = g.criteria.reduce((n, c) => n + c.points, 0);
    if (g.criteria.length > 0 && Math.abs(sum - g.points) > 1e-9)
      problems.push({
        field: `groups.${i}.criteria`,
        message: `Điểm các tiêu chí (${sum}) phải bằng điểm của nhóm (${g.points})`,
      });
    g.criteria.forEach((c, j) => {
      const at = `groups.${i}.criteria.${j}.curve`;
      if (c.curve.length < 2) problems.push({ field: at, message: 'Đường cong cần ít nhất 2 điểm' });
      c.curve.forEach(([x, y], k) => {
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1))
          problems.push({ field: `${at}.${k}`, message: 'Tỷ lệ và phần điểm nằm trong [0, 1]' });
        const prev = c.curve[k - 1];
        if (prev && (x <= prev[0] || y < prev[1]))
          problems.push({ field: `${at}.${k}`, message: 'Tỷ lệ tăng dần, điểm không giảm' });
      });
    });
  });
  return problems;
}
