import { sql, type SQL } from 'drizzle-orm';
import {
  playbookKpiSchema,
  type FilterCondition,
  type PlaybookAudience,
  type PlaybookKpi,
  type PlaybookTrigger,
} from '../../domain/playbooks/playbook-schema';
import { seatUtilizationAtLeastSql } from './seat-utilization-sql';

// The triggers and audiences of src/domain/playbooks/evaluate-trigger.ts as SQL over one company's row of the
// matching statement (alias `t`, with its history values `t.h0`, `t.h1`...). Each predicate is true or false exactly as the
// domain decides, or null where SQL cannot be sure of the same answer (number parsing, case folding beyond
// ASCII): the domain then decides on the company's loaded signals.

/** The history aggregates a trigger needs, over the scored days before the latest one. */
export type HistoryColumn =
  | { readonly kind: 'score_before'; readonly withinDays: number }
  | { readonly kind: 'seat_days_at_least'; readonly atLeastPercent: number; readonly forDays: number };

export interface TriggerNeeds {
  readonly history: HistoryColumn[];
  lastUsage: boolean;
  /** False while the portal sends no usage: its active users and seat utilization are unknown, not 0. */
  readonly usageMeasured: boolean;
}

const decimal = '^-?[0-9]+(\\.[0-9]+)?$';

function historyColumn(needs: TriggerNeeds, column: HistoryColumn): SQL {
  needs.history.push(column);
  return sql.raw(`t.h${needs.history.length - 1}`);
}

function kpiSql(kpi: PlaybookKpi, needs: TriggerNeeds): SQL {
  switch (kpi) {
    case 'score':
      return sql`t.score::float8`;
    case 'seatUtilizationPercent':
      if (!needs.usageMeasured) return sql`null::float8`;
      return sql`(case when t.seats > 0 then (t.active_users * 100)::float8 / t.seats end)`;
    case 'activeUsers':
      return needs.usageMeasured ? sql`t.active_users::float8` : sql`null::float8`;
    case 'seats':
      return sql`t.seats::float8`;
    case 'daysToRenewal':
      return sql`t.days_to_renewal`;
    case 'latestNps':
      return sql`t.latest_nps`;
    case 'daysSinceLastUsage':
      needs.lastUsage = true;
      return sql`(t.day - t.last_usage)::float8`;
  }
}

const comparisons = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=', neq: '<>' } as const;

function conditionSql(condition: FilterCondition, needs: TriggerNeeds): SQL {
  const kpi = condition.source === 'kpi';
  const kpiName = playbookKpiSchema.safeParse(condition.name);
  const raw = !kpi
    ? sql`(t.properties ->> ${condition.name})`
    : kpiName.success
      ? kpiSql(kpiName.data, needs)
      : sql`null::float8`;
  const absent = kpi ? sql`${raw} is null` : sql`(${raw} is null or ${raw} = '')`;
  if (condition.operator === 'is_empty') return sql`(${absent})`;
  if (condition.operator === 'is_not_empty') return sql`(not (${absent}))`;
  const value = condition.value;
  if (value === undefined) return sql`false`;
  if (condition.operator === 'contains') {
    const needle = String(value);
    // JavaScript's and Postgres's lower case agree on ASCII; numbers print differently, so those go to the domain.
    if (kpi || !/^\p{ASCII}*$/u.test(needle)) return sql`(case when ${absent} then false end)`;
    return sql`(case when ${absent} then false when octet_length(${raw}) = char_length(${raw})
      then strpos(lower(${raw}), ${needle.toLowerCase()}) > 0 end)`;
  }
  const operator = sql.raw(comparisons[condition.operator]);
  const asNumbers = typeof value === 'number' || (condition.operator !== 'eq' && condition.operator !== 'neq');
  if (!asNumbers) {
    if (kpi) return sql`(case when ${absent} then false end)`;
    return sql`(case when ${absent} then false else ${raw} ${operator} ${value} end)`;
  }
  const right = Number(value);
  if (Number.isNaN(right)) return sql`false`;
  if (kpi) return sql`(case when ${absent} then false else ${raw} ${operator} ${right}::float8 end)`;
  return sql`(case when ${absent} then false when ${raw} ~ ${decimal} then ${raw}::float8 ${operator} ${right}::float8 end)`;
}

/** The trigger as a predicate: true, false, or null when the domain must decide. */
export function triggerSql(trigger: PlaybookTrigger, needs: TriggerNeeds): SQL {
  switch (trigger.kind) {
    case 'entered_red':
      return sql`(t.band = 'red')`;
    case 'score_drop': {
      const before = historyColumn(needs, { kind: 'score_before', withinDays: trigger.withinDays });
      return sql`coalesce(${before} - t.score > ${trigger.points}::int, false)`;
    }
    case 'component_below':
      // `t.components`: the scored components' scores by component (health_scores.component_scores).
      return sql`coalesce((t.components ->> ${trigger.component}::text)::float8 < ${trigger.below}::float8, false)`;
    case 'milestone_overdue':
      return sql`coalesce(jsonb_path_exists(t.alerts, 'strict $[*] ? (@.kind == "milestone_overdue" && @.daysOverdue >= $m)',
        jsonb_build_object('m', ${trigger.minDaysOverdue}::float8), true), false)`;
    case 'renewal_due':
      return sql`coalesce(t.days_to_renewal >= 0 and t.days_to_renewal <= ${trigger.withinDays}::float8
        and t.band in (${sql.join(
          trigger.bands.map((band) => sql`${band}`),
          sql`, `,
        )}), false)`;
    case 'detractor_nps':
      return sql`coalesce(t.latest_nps <= ${trigger.maxScore}::float8, false)`;
    case 'seat_utilization_high': {
      if (!needs.usageMeasured) return sql`false`;
      const days = historyColumn(needs, {
        kind: 'seat_days_at_least',
        atLeastPercent: trigger.atLeastPercent,
        forDays: trigger.forDays,
      });
      return sql`coalesce(${seatUtilizationAtLeastSql('t', trigger.atLeastPercent)}
        and coalesce(${days}, 0) = ${trigger.forDays - 1}::int, false)`;
    }
    case 'no_usage':
      needs.lastUsage = true;
      return sql`coalesce(t.day - t.last_usage >= ${trigger.days}::int, false)`;
    case 'custom':
      return sql`(${sql.join(
        trigger.conditions.map((condition) => conditionSql(condition, needs)),
        sql` and `,
      )})`;
  }
}

export function audienceSql(audience: PlaybookAudience): SQL {
  const within = (column: string, list: readonly string[] | undefined) =>
    list === undefined || list.length === 0
      ? sql`true`
      : sql`coalesce(${sql.raw(column)} in (${sql.join(
          list.map((value) => sql`${value}`),
          sql`, `,
        )}), false)`;
  return sql`(${within('t.industry', audience.industries)} and ${within('t.tier', audience.tiers)}
    and ${within('t.touch_model', audience.touchModels)} and ${within('t.owner_id', audience.ownerIds)})`;
}

/**
 * The value behind a history column for one company, over its row of the day (alias `h`) and `latest.day`: only the
 * stored days it needs are read, by the primary key. A score drop compares with the newest scored day of its week
 * (that week's last day, unless a daily run was missed); seat days are counted only for a company at or over the
 * threshold today, since the trigger fails without it.
 */
export function historyValueSql(column: HistoryColumn): SQL {
  const ofCompany = sql`x.portal_id = h.portal_id and x.company_id = h.company_id`;
  if (column.kind === 'score_before')
    return sql`coalesce(
      (select x.score from health_scores x where ${ofCompany} and x.score_date = latest.day - ${column.withinDays}::int),
      (select x.score from health_scores x where ${ofCompany}
        and x.score_date between latest.day - ${column.withinDays + 7}::int and latest.day - ${column.withinDays + 1}::int
        order by x.score_date desc limit 1))`;
  return sql`(case when ${seatUtilizationAtLeastSql('h', column.atLeastPercent)} then
    (select count(*) from health_scores x where ${ofCompany}
      and x.score_date between latest.day - ${column.forDays - 1}::int and latest.day - 1
      and ${seatUtilizationAtLeastSql('x', column.atLeastPercent)}) end)`;
}
