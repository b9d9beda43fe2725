import { sql, type SQL } from 'drizzle-orm';
import type { SignalLookback } from '../../domain/playbooks/signal-lookback';
import { z } from 'zod';
import type { Executor } from '../client';
import { integerColumn, jsonColumn, nullableNumberColumn, numberRecord, queryRows } from './query-rows';
import { seatUtilizationAtLeastSql } from './seat-utilization-sql';
import { textArrayParam } from './text-array-param';

const historyEntrySchema = z.object({
  date: z.string(),
  score: z.number(),
  activeUsers: z.number(),
  seats: z.number().nullable(),
});

const signalRowSchema = z.object({
  company_id: z.string(),
  name: z.string().nullable(),
  owner_id: z.string().nullable(),
  tier: z.string().nullable(),
  industry: z.string().nullable(),
  touch_model: z.enum(['high_touch', 'low_touch', 'tech_touch']).nullable(),
  properties: z.record(z.string(), z.string().nullable()),
  score_date: z.string(),
  score: integerColumn,
  band: z.enum(['red', 'yellow', 'green']),
  components: jsonColumn(numberRecord),
  days_to_renewal: nullableNumberColumn,
  latest_nps: nullableNumberColumn,
  overdue_milestones: jsonColumn(z.array(z.object({ key: z.string(), label: z.string(), daysOverdue: z.number() }))),
  active_users: integerColumn,
  seats: z.union([integerColumn, z.null()]),
  history: z.array(historyEntrySchema),
  last_usage: z.string().nullable(),
});

export type PlaybookSignalRow = z.infer<typeof signalRowSchema>;

/** The stored days `lookback` asks for, as rows of (score_date, score, active_users, seats) for company `h`. */
function lookbackDaysSql(lookback: SignalLookback): SQL | null {
  const ofCompany = sql`e.portal_id = h.portal_id and e.company_id = h.company_id`;
  const parts = lookback.scoreDropDays.map(
    (days) => sql`(select e.score_date, e.score, e.active_users, e.seats from health_scores e where ${ofCompany}
      and e.score_date between h.score_date - ${days + 7}::int and h.score_date - ${days}::int
      order by e.score_date desc limit 1)`,
  );
  const seat = lookback.seatDays;
  if (seat !== null && seat.days > 1)
    parts.push(sql`(select e.score_date, e.score, e.active_users, e.seats from health_scores e where ${ofCompany}
      and e.score_date between h.score_date - ${seat.days - 1}::int and h.score_date - 1
      and ${seatUtilizationAtLeastSql('h', seat.atLeastPercent)})`);
  return parts.length === 0 ? null : sql.join(parts, sql` union `);
}

/**
 * Every company scored on the portal's latest scored day on or before `asOf`, with its scores of the stored days
 * `lookback` asks for (newest first; 37 days of every company were most of a first evaluation's time) and its last
 * day of product usage: one statement for the portal.
 * Of the stored alerts only what triggers read is sent (overdue milestones), and of the explanation only
 * the columns stored beside it (component scores, days to renewal, latest NPS): the whole documents cost more to ship and parse than the evaluation itself.
 */
export async function loadPlaybookSignalRows(
  db: Executor,
  portalId: number,
  asOf: string,
  lookback: SignalLookback,
  /** Only these companies; all scored ones when left out. */
  companyIds?: readonly string[],
): Promise<PlaybookSignalRow[]> {
  const days = lookbackDaysSql(lookback);
  const only =
    companyIds === undefined
      ? sql``
      : sql`and h.company_id in (select jsonb_array_elements_text(${JSON.stringify(companyIds)}::jsonb))`;
  return queryRows(
    db,
    sql`
      with latest as (
        select max(score_date) as day from health_scores where portal_id = ${portalId} and score_date <= ${asOf}::date
      )
      select h.company_id, c.name, c.owner_id, c.tier, c.industry, o.touch_model, coalesce(c.properties, '{}'::jsonb) as properties,
        h.score_date::text as score_date, h.score, h.band, h.active_users, h.seats,
        coalesce(h.component_scores, '{}'::jsonb) as components, h.days_to_renewal::float8 as days_to_renewal,
        h.latest_nps::float8 as latest_nps,
        coalesce((select jsonb_agg(jsonb_build_object('key', a->>'milestone', 'label', a->>'label', 'daysOverdue', (a->>'daysOverdue')::float8) order by n)
          from jsonb_array_elements(case jsonb_typeof(h.alerts) when 'array' then h.alerts else '[]'::jsonb end) with ordinality as x(a, n)
          where a->>'kind' = 'milestone_overdue'), '[]'::jsonb) as overdue_milestones,
        ${
          days === null
            ? sql`'[]'::json`
            : sql`coalesce((select json_agg(json_build_object('date', d.score_date::text, 'score', d.score,
                'activeUsers', d.active_users, 'seats', d.seats) order by d.score_date desc) from (${days}) d), '[]'::json)`
        } as history,
        (select max(u.day)::text from usage_daily_active_users u where u.portal_id = h.portal_id and u.company_id = h.company_id) as last_usage
      from health_scores h
      join latest on h.score_date = latest.day
      join companies c on c.portal_id = h.portal_id and c.id = h.company_id and not c.archived
      left join onboarding_records o on o.portal_id = h.portal_id and o.company_id = h.company_id
      where h.portal_id = ${portalId} ${only}
      order by h.company_id`,
    signalRowSchema,
  );
}

const scoreOnSchema = z.object({
  company_id: z.string(),
  score_date: z.string(),
  score: integerColumn,
  band: z.enum(['red', 'yellow', 'green']),
});

/**
 * For each run opening (a company and the day its run opened) and each offset, the company's first stored score in
 * the days `opened + offset` to `opened + offset + toleranceDays` (none after `asOf`): what the outcome report measures
 * a run by. Read through the primary key, a few days per run: reading every day since the first run (as before) grew
 * with history, and planned on the newest day's missing statistics it scanned the whole day for each 1,000 companies
 * (9 s for 62k runs with 42 days stored).
 */
export async function loadScoresAfterOpenings(
  db: Executor,
  portalId: number,
  openings: ReadonlyArray<{ companyId: string; openedOn: string }>,
  window: { offsets: readonly number[]; toleranceDays: number; asOf: string },
): Promise<Array<z.infer<typeof scoreOnSchema>>> {
  if (openings.length === 0 || window.offsets.length === 0) return [];
  return queryRows(
    db,
    sql`select distinct h.company_id, h.score_date::text as score_date, h.score, h.band
        from unnest(${textArrayParam(openings.map((opening) => opening.companyId))},
          ${textArrayParam(openings.map((opening) => opening.openedOn))}::date[]) as r(company_id, opened_on)
        cross join (values ${sql.join(
          window.offsets.map((offset) => sql`(${offset}::int)`),
          sql`, `,
        )}) as o(days)
        cross join lateral (
          select s.company_id, s.score_date, s.score, s.band from health_scores s
          where s.portal_id = ${portalId} and s.company_id = r.company_id
            and s.score_date between r.opened_on + o.days and least(r.opened_on + o.days + ${window.toleranceDays}::int, ${window.asOf}::date)
          order by s.score_date limit 1
        ) h`,
    scoreOnSchema,
  );
}
