import { sql, type SQL } from 'drizzle-orm';
import type { KpiQueryPeriod } from './kpi-query-parts';
import { addDays } from '../../domain/time/calendar-date';
import { dayToPeriodLookup, windowDays, type DayWindow } from './kpi-day-windows';

/**
 * Where the MRR steps meet the periods. A company moves in a period when it has a step in the period's
 * change window, the days after the day S is measured on up to the last day; the step is the company's
 * first there when its previous step is not in the window, and its last when its next step is not.
 */
export type StepWindows = {
  /** Extra columns of the `steps` CTE (from `company_mrr_steps s`), empty when windows overlap. */
  stepColumns: SQL;
  /** `(period_index, group_key, company_id, mrr, prev_mrr, is_first, is_last)`: each step in each change window it is in. */
  stepsInWindows: SQL;
};

export function stepWindows(periods: readonly KpiQueryPeriod[]): StepWindows {
  const windows = periods.map((period, position) => ({
    periodIndex: position + 1,
    firstDay: addDays(period.startDay, 1),
    lastDay: period.lastDay,
  }));
  const lookup = dayToPeriodLookup(windows);
  if (lookup === null) {
    return {
      stepColumns: sql``,
      stepsInWindows: sql`select w.period_index, s.group_key, s.company_id, s.mrr, s.prev_mrr,
    s.prev_day is null or s.prev_day <= p.start_day as is_first, s.next_day is null or s.next_day > p.last_day as is_last
  from steps s join (${windowDays(windows)}) w on w.day = s.day join periods p on p.period_index = w.period_index`,
    };
  }
  // Windows apart: a step's window and its neighbours' are array subscripts, read once with the steps.
  return {
    stepColumns: sql`, ${lookup(sql`s.day`)} as period_index, ${lookup(sql`s.previous_day`)} as prev_period_index, ${lookup(sql`s.next_day`)} as next_period_index`,
    stepsInWindows: sql`select period_index, group_key, company_id, mrr, prev_mrr,
    prev_period_index is distinct from period_index as is_first, next_period_index is distinct from period_index as is_last
  from steps where period_index is not null`,
  };
}

/**
 * `from` joined to `periods p` by a day column falling in the period's window: an array subscript when no
 * day lies in two windows, else a join of the windows' days.
 */
export function rowsInWindows(from: SQL, windows: readonly DayWindow[], day: SQL): SQL {
  const lookup = dayToPeriodLookup(windows);
  if (lookup !== null) return sql`${from} join periods p on p.period_index = ${lookup(day)}`;
  return sql`${from} join (${windowDays(windows)}) w on w.day = ${day} join periods p on p.period_index = w.period_index`;
}
