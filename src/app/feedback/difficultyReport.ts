import { sql } from 'kysely';
import type { Tx } from '../context.js';
import { feedbackVisible } from './feedbackQueries.js';

/** Difficulties about one ministry's procedures, reported in a period (the monthly report's table). */
export interface MinistryDifficulties {
  code: string;
  name: string;
  reported: number;
  /** Forwarded to the ministry (or beyond it). */
  forwarded: number;
  answered: number;
  answeredLate: number;
  open: number;
  /** Answered with the release that fixed it. */
  fixed: number;
}

/**
 * Difficulty reports submitted in `[from, to]` (Vietnam days) within the scope's agencies that
 * name a procedure, counted by the ministry owning it, most reported first.
 */
export async function difficultiesByMinistry(
  tx: Tx,
  agencies: string[],
  q: { from: string; to: string },
): Promise<MinistryDifficulties[]> {
  const from = new Date(`${q.from}T00:00:00+07:00`);
  const to = new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86_400_000);
  const { rows } = await sql<{
    code: string;
    name: string;
    reported: number;
    forwarded: number;
    answered: number;
    answered_late: number;
    open: number;
    fixed: number;
  }>`
    SELECT m.code, m.name, count(*)::int AS reported,
      count(*) FILTER (WHERE f.level <> 'province')::int AS forwarded,
      count(*) FILTER (WHERE f.status = 'answered')::int AS answered,
      count(*) FILTER (WHERE f.status = 'answered' AND f.answered_at > f.due_at)::int AS answered_late,
      count(*) FILTER (WHERE f.status <> 'answered')::int AS open,
      count(*) FILTER (WHERE f.fixed_in_release IS NOT NULL)::int AS fixed
    FROM feedback f JOIN procedure p ON p.code = f.procedure_code JOIN agency m ON m.code = p.ministry_code
    WHERE f.kind = 'difficulty' AND f.submitted_at >= ${from} AND f.submitted_at < ${to}
      AND ${feedbackVisible(agencies)}
    GROUP BY m.code, m.name ORDER BY count(*) DESC, m.code`.execute(tx);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    reported: r.reported,
    forwarded: r.forwarded,
    answered: r.answered,
    answeredLate: r.answered_late,
    open: r.open,
    fixed: r.fixed,
  }));
}
