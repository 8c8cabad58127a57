import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dayOf, type DayNumber } from '../../src/domain/calendar/localTime.js';
import { indicatorsOf, totalsOf, type DossierRecord } from '../../src/domain/reports/indicators.js';
import {
  indicatorRows,
  netted,
  rowChange,
  totalsOfRows,
  type IndicatorRow,
} from '../../src/domain/reports/indicatorRows.js';
import { localAt, randomDossier } from '../support/randomDossiers.js';

const firstDay = dayOf(localAt('2026-01-01T00:00'));
/** A period of whole days [from, to) somewhere over the first 200 days of 2026. */
const days = fc.tuple(fc.nat(200), fc.nat(200)).map(([a, b]) => ({
  from: firstDay + Math.min(a, b),
  to: firstDay + Math.max(a, b) + 1,
}));
const minutes = (p: { from: DayNumber; to: DayNumber }) => ({ from: p.from * 1440, to: p.to * 1440 });

describe('indicator rows: the indicators as running sums', () => {
  it('summed over dossiers, give exactly the recount from the logs, for any period of whole days (property)', () => {
    fc.assert(
      fc.property(fc.array(randomDossier, { maxLength: 40 }), days, (dossiers, period) => {
        const rows = netted(dossiers.flatMap(indicatorRows));
        assert.deepEqual(totalsOfRows(rows, period), totalsOf(dossiers, minutes(period)));
      }),
      { numRuns: 500 },
    );
  });

  it('kept up to date one entry at a time, equal the rows of the whole log; each change falls on its own day (property)', () => {
    fc.assert(
      fc.property(randomDossier, (d) => {
        let sums: IndicatorRow[] = [];
        for (let i = 1; i <= d.log.length; i++) {
          const before = { ...d, log: d.log.slice(0, i - 1) };
          const after = { ...d, log: d.log.slice(0, i) };
          const change = rowChange(indicatorRows(before), indicatorRows(after));
          const entryDay = dayOf(d.log[i - 1]?.at ?? 0);
          // Only the receipt (its own day) and standing changes (the entry's day): the past is never
          // rewritten by a new log entry, so a closed month's stock stays as it was.
          for (const r of change) assert.ok(r.day === entryDay, `${r.measure} on ${r.day} ≠ ${entryDay}`);
          sums = netted([...sums, ...change]);
        }
        assert.deepEqual(sums, indicatorRows(d));
      }),
      { numRuns: 300 },
    );
  });

  it('a fact learned later (rating, digitized result) changes only the rows of its own measure', () => {
    fc.assert(
      fc.property(randomDossier, (d: DossierRecord) => {
        const change = rowChange(
          indicatorRows({ ...d, rating: null, resultDigitized: false }),
          indicatorRows({ ...d, rating: 'satisfied', resultDigitized: true }),
        );
        for (const r of change) assert.ok(['rated', 'satisfied', 'result_digitized'].includes(r.measure));
      }),
      { numRuns: 200 },
    );
  });

  it('a dossier never received has no rows; one received, recalled and finished again counts once', () => {
    assert.deepEqual(
      indicatorRows({ channel: 1, log: [{ at: localAt('2026-03-02T08:00'), toStatus: 1, due: null }] }),
      [],
    );
    const d: DossierRecord = {
      channel: 2,
      log: [
        { at: localAt('2026-03-02T08:00'), toStatus: 2, due: localAt('2026-03-16T08:00') },
        { at: localAt('2026-03-10T08:00'), toStatus: 9, due: localAt('2026-03-16T08:00') },
        { at: localAt('2026-04-02T08:00'), toStatus: 4, due: localAt('2026-03-16T08:00') },
        { at: localAt('2026-04-03T08:00'), toStatus: 9, due: localAt('2026-03-16T08:00') },
      ],
    };
    const rows = indicatorRows(d);
    const march = { from: dayOf(localAt('2026-03-01T00:00')), to: dayOf(localAt('2026-04-01T00:00')) };
    const april = { from: march.to, to: dayOf(localAt('2026-05-01T00:00')) };
    const both = { from: march.from, to: april.to };
    // March as reported on 1 April: finished before due. April: carried over (reopened), finished late.
    assert.deepEqual(indicatorsOf(totalsOfRows(rows, march)).finished, {
      total: 1,
      beforeDue: 1,
      onTime: 0,
      late: 0,
    });
    assert.deepEqual(indicatorsOf(totalsOfRows(rows, april)).finished, {
      total: 1,
      beforeDue: 0,
      onTime: 0,
      late: 1,
    });
    assert.equal(indicatorsOf(totalsOfRows(rows, april)).carriedOver, 1);
    assert.equal(indicatorsOf(totalsOfRows(rows, both)).finished.total, 1);
  });

  it('an open dossier is late at the end of a period only when its due time falls before that end', () => {
    const d: DossierRecord = {
      channel: 1,
      log: [{ at: localAt('2026-03-02T08:00'), toStatus: 2, due: localAt('2026-03-16T08:00') }],
    };
    const upTo = (day: string) => ({
      from: dayOf(localAt('2026-03-01T00:00')),
      to: dayOf(localAt(`${day}T00:00`)),
    });
    for (const end of ['2026-03-16', '2026-03-17', '2026-03-20']) {
      assert.deepEqual(
        totalsOfRows(indicatorRows(d), upTo(end)).inProgress,
        totalsOf([d], minutes(upTo(end))).inProgress,
      );
    }
    assert.deepEqual(totalsOfRows(indicatorRows(d), upTo('2026-03-16')).inProgress, { onTime: 1, late: 0 });
    assert.deepEqual(totalsOfRows(indicatorRows(d), upTo('2026-03-17')).inProgress, { onTime: 0, late: 1 });
  });
});
