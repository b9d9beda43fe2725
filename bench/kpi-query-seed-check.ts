import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../src/db/client';
import { integerColumn, queryRows } from '../src/db/repositories/query-rows';
import { sessionRowValues } from '../src/db/repositories/ingestion-sessions-repository';
import { defaultKpiSettings } from '../src/domain/kpi/kpi-settings';
import { sessionKeyOf, summarizeSessions, type WeightedEvent } from '../src/domain/usage/session-summaries';

const sampleSize = 50;

const eventRow = z.object({
  companyId: z.string(),
  userId: z.string(),
  at: integerColumn,
  day: z.string(),
  sessionId: z.string().nullable(),
  durationSeconds: integerColumn,
});

const rowsOf = (rows: readonly (readonly unknown[])[]) => rows.map((row) => JSON.stringify(row)).sort();

/** The first line where the stored rows and those recomputed from the events differ, or null. */
function firstDifference(label: string, stored: string[], expected: string[]): string | null {
  for (let index = 0; index < Math.max(stored.length, expected.length); index += 1) {
    if (stored[index] !== expected[index])
      return `${label}: stored ${stored[index] ?? 'nothing'}, from the events ${expected[index] ?? 'nothing'} (row ${index} of ${stored.length} stored, ${expected.length} expected)`;
  }
  return null;
}

function expectedDailyAndMonthly(events: readonly z.infer<typeof eventRow>[]) {
  const daily = new Map<string, number>();
  const monthly = new Map<string, [string, string]>();
  for (const { companyId, userId, day } of events) {
    const dayKey = JSON.stringify([companyId, day, userId]);
    daily.set(dayKey, (daily.get(dayKey) ?? 0) + 1);
    const monthKey = JSON.stringify([companyId, `${day.slice(0, 7)}-01`, userId]);
    const [first, last] = monthly.get(monthKey) ?? [day, day];
    monthly.set(monthKey, [day < first ? day : first, day > last ? day : last]);
  }
  const counts = new Map<string, number>();
  for (const key of monthly.keys()) {
    const [companyId, month] = z.tuple([z.string(), z.string(), z.string()]).parse(JSON.parse(key));
    const countKey = JSON.stringify([month, companyId]);
    counts.set(countKey, (counts.get(countKey) ?? 0) + 1);
  }
  const withValue = (map: Map<string, unknown>) =>
    [...map].map(([key, value]) => [...z.array(z.string()).parse(JSON.parse(key)), value]);
  return { daily: withValue(daily), monthly: withValue(monthly), counts: withValue(counts) };
}

/** Sessions by the product's rule (the sessionisation ingestion stores), per user and session key. */
function expectedSessions(events: readonly z.infer<typeof eventRow>[]): (readonly unknown[])[] {
  const settings = defaultKpiSettings.sessions;
  const groups = new Map<string, WeightedEvent[]>();
  for (const event of events) {
    const key = JSON.stringify([event.companyId, event.userId, sessionKeyOf(event.sessionId, settings)]);
    const group = groups.get(key) ?? [];
    group.push({
      companyId: event.companyId,
      userId: event.userId,
      at: event.at,
      localDate: event.day,
      sessionId: event.sessionId,
      durationMilliseconds: event.durationSeconds * 1000,
      weight: 1,
    });
    groups.set(key, group);
  }
  return [...groups].flatMap(([key, group]) =>
    summarizeSessions(group, z.tuple([z.string(), z.string(), z.string()]).parse(JSON.parse(key))[2], settings).map(
      sessionRowValues,
    ),
  );
}

/**
 * The seed derives the usage aggregates set-based, not through ingestion: for a sample of companies, its daily and
 * monthly active users, monthly counts and sessions must equal those recomputed here from their raw events, and
 * over the whole portal every event must be counted once in the daily rows and once in the sessions.
 */
export async function checkSeededUsageAggregates(db: Executor, portalId: number, companies: number): Promise<void> {
  const step = Math.max(1, Math.floor(companies / sampleSize));
  const sample = sql`(select 'c' || g from generate_series(1, ${companies}, ${step}) g)`;
  const ofSample = sql`portal_id = ${portalId} and company_id in ${sample}`;
  const events = await queryRows(
    db,
    sql`select company_id as "companyId", user_id as "userId", (extract(epoch from occurred_at) * 1000)::bigint as "at",
        (occurred_at at time zone 'UTC')::date::text as "day", session_id as "sessionId", coalesce(duration_seconds, 0) as "durationSeconds"
      from usage_events where ${ofSample}`,
    eventRow,
  );
  const stored = async (query: SQL) =>
    rowsOf((await queryRows(db, query, z.object({ row: z.array(z.unknown()) }))).map(({ row }) => row));
  const expected = expectedDailyAndMonthly(events);
  const differences = [
    firstDifference(
      'daily active users',
      await stored(
        sql`select json_build_array(company_id, day::text, user_id, event_count) as "row" from usage_daily_active_users where ${ofSample}`,
      ),
      rowsOf(expected.daily),
    ),
    firstDifference(
      'monthly active users',
      await stored(sql`select json_build_array(company_id, month::text, user_id, json_build_array(first_day::text, last_day::text)) as "row"
        from usage_monthly_active_users where ${ofSample}`),
      rowsOf(expected.monthly),
    ),
    firstDifference(
      'monthly active user counts',
      await stored(
        sql`select json_build_array(month::text, company_id, users) as "row" from usage_monthly_active_user_counts where ${ofSample}`,
      ),
      rowsOf(expected.counts),
    ),
    firstDifference(
      'sessions',
      await stored(sql`select json_build_array(company_id, user_id, session_key, (extract(epoch from started_at) * 1000)::bigint, start_day::text,
          length_milliseconds, (extract(epoch from last_event_at) * 1000)::bigint, (extract(epoch from active_until) * 1000)::bigint, event_count) as "row"
        from usage_sessions where ${ofSample}`),
      rowsOf(expectedSessions(events)),
    ),
  ].filter((difference) => difference !== null);
  const [totals] = await queryRows(
    db,
    sql`select (select count(*) from usage_events where portal_id = ${portalId}) as "events",
      (select sum(event_count) from usage_daily_active_users where portal_id = ${portalId}) as "daily",
      (select sum(event_count) from usage_sessions where portal_id = ${portalId}) as "sessions"`,
    z.object({ events: integerColumn, daily: integerColumn, sessions: integerColumn }),
  );
  if (totals && (totals.daily !== totals.events || totals.sessions !== totals.events))
    differences.push(
      `events counted: ${totals.events} raw, ${totals.daily} in daily rows, ${totals.sessions} in sessions`,
    );
  if (events.length === 0) differences.push('the sample has no events');
  if (differences.length > 0)
    throw new Error(`seeded usage aggregates disagree with the events:\n${differences.join('\n')}`);
}
