import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { sessionRowValues } from '../../src/db/repositories/ingestion-sessions-repository';
import { rowsOf } from '../support/sql-rows';
import { defaultIngestionSettings } from '../../src/domain/usage/ingestion-settings';
import {
  sessionKeyOf,
  summarizeSessions,
  type SessionSummary,
  type WeightedEvent,
} from '../../src/domain/usage/session-summaries';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import type { NormalizedUsageEvent } from '../../src/domain/usage/usage-event';
import { ingestEvents, ingestionTarget } from '../../src/services/ingestion/ingest-events';
import { databaseTargets } from '../support/databases';
import { makeCustomer, portalId, setUpIngestion } from './ingestion-harness';

const timeZone = 'Asia/Tokyo';
// The three days drawn from here cross a month's end in the portal's time zone.
const base = Date.UTC(2026, 1, 27, 12, 0);

const eventArbitrary = fc.record({
  companyId: fc.constantFrom('c1', 'c2'),
  userId: fc.constantFrom('u1', 'u2', 'u3'),
  event: fc.constantFrom('report', 'export'),
  minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  sessionId: fc.constantFrom(null, null, null, 's1'),
  durationSeconds: fc.constantFrom(null, 0, 60, 2_400),
});

/** The rebuild: every aggregate computed at once from all the events, as if none had come in batches. */
function rebuild(events: readonly NormalizedUsageEvent[]) {
  const settings = defaultIngestionSettings.sessions;
  const activeUsers = new Map<string, number>();
  const features = new Map<string, number>();
  const groups = new Map<string, { key: string; events: WeightedEvent[] }>();
  for (const event of events) {
    const companyId = event.companyId ?? '';
    const day = instantToLocalDate(event.occurredAt, timeZone);
    const userDay = `${companyId}|${day}|${event.userId}`;
    activeUsers.set(userDay, (activeUsers.get(userDay) ?? 0) + 1);
    const featureDay = `${companyId}|${day}|${event.event}`;
    features.set(featureDay, (features.get(featureDay) ?? 0) + 1);
    const key = sessionKeyOf(event.sessionId, settings);
    const group = `${companyId}|${event.userId}|${key}`;
    const weighted: WeightedEvent = {
      companyId,
      userId: event.userId,
      at: event.occurredAt,
      localDate: day,
      sessionId: event.sessionId,
      durationMilliseconds: (event.durationSeconds ?? 0) * 1000,
      weight: 1,
    };
    groups.set(group, { key, events: [...(groups.get(group)?.events ?? []), weighted] });
  }
  const sessions = [...groups.values()].flatMap((group) => summarizeSessions(group.events, group.key, settings));
  return { activeUsers, features, sessions: sessions.map(sessionLine).sort() };
}

function sessionLine(session: SessionSummary): string {
  return sessionRowValues(session).join('|');
}

async function stored(handle: DatabaseHandle) {
  const counts = async (query: ReturnType<typeof sql>) =>
    new Map(
      rowsOf<{ key: string; n: number | string }>(await handle.db.execute(query)).map((row) => [
        row.key,
        Number(row.n),
      ]),
    );
  const activeUsers = await counts(
    sql`select company_id || '|' || day::text || '|' || user_id as key, event_count as n from usage_daily_active_users where portal_id = ${portalId}`,
  );
  const features = await counts(
    sql`select company_id || '|' || day::text || '|' || feature as key, event_count as n from usage_daily_features where portal_id = ${portalId}`,
  );
  const sessions = rowsOf<{ line: string }>(
    await handle.db
      .execute(sql`select concat_ws('|', company_id, user_id, session_key, (extract(epoch from started_at) * 1000)::bigint, start_day::text,
      length_milliseconds, (extract(epoch from last_event_at) * 1000)::bigint, (extract(epoch from active_until) * 1000)::bigint, event_count) as line
      from usage_sessions where portal_id = ${portalId}`),
  ).map((row) => row.line);
  return { activeUsers, features, sessions: sessions.sort() };
}

/**
 * The monthly active users and their counts as stored, and as rebuilt from the daily active users; the monthly
 * feature users as stored, and as rebuilt from the stored events; the daily session totals as stored, and as
 * rebuilt from the stored sessions.
 */
async function monthly(handle: DatabaseHandle) {
  const lines = async (query: ReturnType<typeof sql>) =>
    rowsOf<{ line: string }>(await handle.db.execute(query))
      .map((row) => row.line)
      .sort();
  return {
    stored: {
      users: await lines(
        sql`select concat_ws('|', company_id, month::text, user_id, first_day::text, last_day::text) as line from usage_monthly_active_users where portal_id = ${portalId}`,
      ),
      counts: await lines(
        sql`select concat_ws('|', company_id, month::text, users) as line from usage_monthly_active_user_counts where portal_id = ${portalId}`,
      ),
      featureUsers: await lines(
        sql`select concat_ws('|', company_id, month::text, feature, user_id, first_day::text, last_day::text) as line from usage_monthly_feature_users where portal_id = ${portalId}`,
      ),
      // A day whose sessions all merged into another day's keeps a row of zeros.
      sessionTotals: await lines(
        sql`select concat_ws('|', company_id, day::text, sessions, length_milliseconds) as line from usage_daily_session_totals
        where portal_id = ${portalId} and sessions <> 0`,
      ),
    },
    rebuilt: {
      users:
        await lines(sql`select concat_ws('|', company_id, date_trunc('month', day)::date::text, user_id, min(day)::text, max(day)::text) as line
        from usage_daily_active_users where portal_id = ${portalId} group by company_id, date_trunc('month', day), user_id`),
      counts:
        await lines(sql`select concat_ws('|', company_id, date_trunc('month', day)::date::text, count(distinct user_id)) as line
        from usage_daily_active_users where portal_id = ${portalId} group by company_id, date_trunc('month', day)`),
      featureUsers:
        await lines(sql`select concat_ws('|', company_id, date_trunc('month', day)::date::text, event, user_id, min(day)::text, max(day)::text) as line
        from (select company_id, event, user_id, (occurred_at at time zone ${timeZone})::date as day from usage_events where portal_id = ${portalId}) local
        group by company_id, date_trunc('month', day), event, user_id`),
      sessionTotals:
        await lines(sql`select concat_ws('|', company_id, start_day::text, count(*), sum(length_milliseconds)) as line
        from usage_sessions where portal_id = ${portalId} group by company_id, start_day`),
    },
  };
}

describe.each(databaseTargets)('ingested aggregates on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());

  it('equal a rebuild from all the events (the monthly ones from the daily ones), whatever the batches, their order and the repeats', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (drawn, batchSize, seed) => {
          await setUpIngestion(handle);
          await makeCustomer(handle.db, 'c2');
          const events: NormalizedUsageEvent[] = drawn.map((draw, index) => ({
            messageId: `m${index}`,
            companyId: draw.companyId,
            accountId: null,
            userId: draw.userId,
            event: draw.event,
            occurredAt: base + draw.minute * 60_000,
            sessionId: draw.sessionId,
            durationSeconds: draw.durationSeconds,
            properties: {},
          }));
          // Late and repeated events: a shuffled order, every third event sent again in a later batch.
          let state = seed;
          const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
          const sent = [...events, ...events.filter((_, index) => index % 3 === 0)];
          for (let index = sent.length - 1; index > 0; index -= 1) {
            const other = Math.floor(random() * (index + 1));
            [sent[index], sent[other]] = [sent[other] as NormalizedUsageEvent, sent[index] as NormalizedUsageEvent];
          }
          const ingestion = await ingestionTarget(handle.db, portalId, defaultIngestionSettings);
          let storedCount = 0;
          for (let start = 0; start < sent.length; start += batchSize)
            storedCount += (await ingestEvents(ingestion, sent.slice(start, start + batchSize))).stored;
          expect(storedCount).toBe(events.length);
          expect(await stored(handle)).toEqual(rebuild(events));
          const { stored: storedMonthly, rebuilt } = await monthly(handle);
          expect(storedMonthly).toEqual(rebuilt);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('are the same whether a generated batch is ingested in one go or one event at a time', async () => {
    const events: NormalizedUsageEvent[] = Array.from({ length: 300 }, (_, index) => ({
      messageId: `g${index % 280}`,
      companyId: index % 2 === 0 ? 'c1' : 'c2',
      accountId: null,
      userId: `u${index % 7}`,
      event: `feature-${index % 5}`,
      // Out of order, a few minutes to hours apart, across the month's end in the portal's zone.
      occurredAt: base + ((index * 7_919) % (3 * 24 * 60)) * 60_000,
      sessionId: index % 4 === 0 ? `s${index % 3}` : null,
      durationSeconds: index % 3 === 0 ? 90 : null,
      properties: { index },
    }));
    const ingestAll = async (batchSize: number) => {
      await setUpIngestion(handle);
      await makeCustomer(handle.db, 'c2');
      const ingestion = await ingestionTarget(handle.db, portalId, defaultIngestionSettings);
      let storedCount = 0;
      for (let start = 0; start < events.length; start += batchSize)
        storedCount += (await ingestEvents(ingestion, events.slice(start, start + batchSize))).stored;
      return { storedCount, aggregates: await stored(handle), monthly: (await monthly(handle)).stored };
    };
    const inOneGo = await ingestAll(events.length);
    const oneByOne = await ingestAll(1);
    expect(inOneGo.storedCount).toBe(280);
    expect(oneByOne).toEqual(inOneGo);
  });
});
