import { and, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { hubspotCallBudgets } from '../schema';
import { rowsOf } from './ingestion-events-repository';

const nowMs = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * Reserves the portal's next call slot under one limit, `spacingMs` after the previous one, in one atomic statement
 * (the row lock of the upsert orders processes sharing the database). Answers how long to wait for the slot, on the
 * database's clock so that processes on different machines agree.
 */
export async function reserveCallSlot(db: Executor, portalId: number, policy: string, spacingMs: number): Promise<number> {
  const result = await db.execute(sql`
    insert into hubspot_call_budgets as budget (portal_id, policy, next_at_ms)
    values (${portalId}::bigint, ${policy}, ${nowMs} + ${spacingMs}::bigint)
    on conflict (portal_id, policy) do update
      set next_at_ms = greatest(budget.next_at_ms, ${nowMs}) + ${spacingMs}::bigint, updated_at = now()
    returning (budget.next_at_ms - ${spacingMs}::bigint - ${nowMs})::integer as wait_ms`);
  const row = rowsOf<{ wait_ms: number | string }>(result)[0];
  return Math.max(0, Number(row?.wait_ms ?? 0));
}

/** Holds every later slot of the limit back until `untilMs` from now (HubSpot refused a call: the window is full). */
export async function holdCallSlots(db: Executor, portalId: number, policy: string, forMs: number): Promise<void> {
  await db.execute(sql`
    insert into hubspot_call_budgets as budget (portal_id, policy, next_at_ms)
    values (${portalId}::bigint, ${policy}, ${nowMs} + ${forMs}::bigint)
    on conflict (portal_id, policy) do update
      set next_at_ms = greatest(budget.next_at_ms, ${nowMs} + ${forMs}::bigint), updated_at = now()`);
}

export interface DailyPause {
  readonly portalId: number;
  readonly until: Date;
  readonly reason: string;
}

/** HubSpot answered DAILY: no call for the portal until `until` (its next local midnight). */
export async function pauseForDailyLimit(db: Executor, portalId: number, until: Date, reason: string): Promise<void> {
  await db
    .insert(hubspotCallBudgets)
    .values({ portalId, policy: 'daily', pausedUntil: until, pauseReason: reason })
    .onConflictDoUpdate({
      target: [hubspotCallBudgets.portalId, hubspotCallBudgets.policy],
      set: { pausedUntil: until, pauseReason: reason, updatedAt: sql`now()` },
    });
}

/** Portals paused by HubSpot's daily limit right now, or only this one. */
export async function dailyPauses(db: Executor, portalId?: number): Promise<DailyPause[]> {
  const rows = await db
    .select({ portalId: hubspotCallBudgets.portalId, until: hubspotCallBudgets.pausedUntil, reason: hubspotCallBudgets.pauseReason })
    .from(hubspotCallBudgets)
    .where(and(
      eq(hubspotCallBudgets.policy, 'daily'),
      gt(hubspotCallBudgets.pausedUntil, sql`now()`),
      ...(portalId === undefined ? [] : [eq(hubspotCallBudgets.portalId, portalId)]),
    ));
  return rows.flatMap((row) => (row.until ? [{ portalId: row.portalId, until: row.until, reason: row.reason ?? 'daily limit' }] : []));
}
