import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../client';
import { hubspotCallBudgets } from '../schema';
import { nextSlot, type RollingLimit } from '../../hubspot/limits/rolling-window';
import { z } from 'zod';
import { integerColumn, queryRows } from './query-rows';

const nowMs = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * Reserves the portal's next call under one rolling-window limit (`nextSlot`). One transaction
 * holding the budget row's lock, so processes sharing the database take turns. Answers how long to wait for the slot,
 * measured on the database's clock so that processes on different machines agree.
 */
export async function reserveCallSlot(
  db: Database,
  portalId: number,
  policy: string,
  limit: RollingLimit,
): Promise<{ slotMs: number; waitMs: number }> {
  return db.transaction(async (transaction) => {
    const [locked] = await queryRows(
      transaction,
      sql`
      insert into hubspot_call_budgets as budget (portal_id, policy) values (${portalId}::bigint, ${policy})
      on conflict (portal_id, policy) do update set updated_at = now()
      returning budget.next_at_ms, ${nowMs} as now_ms`,
      z.object({ next_at_ms: integerColumn, now_ms: integerColumn }),
    );
    const now = locked?.now_ms ?? Date.now();
    const recent = (
      await queryRows(
        transaction,
        sql`
      select at_ms from hubspot_call_slots where portal_id = ${portalId}::bigint and policy = ${policy}
      order by at_ms desc limit ${limit.max}`,
        z.object({ at_ms: integerColumn }),
      )
    ).map((row) => row.at_ms);
    const slot = nextSlot(recent, now, locked?.next_at_ms ?? 0, limit);
    await transaction.execute(
      sql`insert into hubspot_call_slots (portal_id, policy, at_ms) values (${portalId}::bigint, ${policy}, ${slot}::bigint)`,
    );
    await transaction.execute(sql`
      delete from hubspot_call_slots where portal_id = ${portalId}::bigint and policy = ${policy} and at_ms < ${now - 2 * limit.windowMs}::bigint`);
    return { slotMs: slot, waitMs: slot - now };
  });
}

/** The call reserved at `slotMs` leaves now: later reservations count it where it really falls in the window. */
export async function markCallDeparted(db: Executor, portalId: number, policy: string, slotMs: number): Promise<void> {
  await db.execute(sql`
    update hubspot_call_slots set at_ms = greatest(at_ms, ${nowMs})
    where ctid = (select ctid from hubspot_call_slots where portal_id = ${portalId}::bigint and policy = ${policy} and at_ms = ${slotMs}::bigint limit 1)`);
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
    .select({
      portalId: hubspotCallBudgets.portalId,
      until: hubspotCallBudgets.pausedUntil,
      reason: hubspotCallBudgets.pauseReason,
    })
    .from(hubspotCallBudgets)
    .where(
      and(
        eq(hubspotCallBudgets.policy, 'daily'),
        gt(hubspotCallBudgets.pausedUntil, sql`now()`),
        ...(portalId === undefined ? [] : [eq(hubspotCallBudgets.portalId, portalId)]),
      ),
    );
  return rows.flatMap((row) =>
    row.until ? [{ portalId: row.portalId, until: row.until, reason: row.reason ?? 'daily limit' }] : [],
  );
}
