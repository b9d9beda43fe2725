import type { Database } from '../../db/client';
import { dailyPauses, holdCallSlots, markCallDeparted, pauseForDailyLimit, reserveCallSlot, type RollingLimit } from '../../db/repositories/call-budget-repository';
import type { ApiLimits } from './api-tiers';

/** HubSpot answered DAILY, or an earlier call did: nothing goes to the portal until the reset. Never retried. */
export class DailyLimitReached extends Error {
  readonly permanent = true;

  constructor(readonly portalId: number, readonly resetAt: Date) {
    super(`HubSpot's daily API limit of portal ${portalId} is used up; calls resume at ${resetAt.toISOString()}`);
    this.name = 'DailyLimitReached';
  }
}

// Windows a little wider than HubSpot's: calls reserved back to back reach HubSpot with some jitter (database, event
// loop, network), and a rolling window counts arrivals. 1% and 50 ms per window.
const windowMargin = 1.01;
const jitterAllowanceMs = 50;

export type BudgetLimit = 'burst' | 'search';

/** The portal's budgets: one per HubSpot limit, drawn on by every client of the portal. */
export interface CallBudget {
  readonly portalId: number;
  /** Waits for a slot under the burst limit (and the search limit for a search); throws while the day is paused. */
  acquire(isSearch: boolean): Promise<void>;
  /** HubSpot refused a call under this limit: every client of the portal waits `forMs` before the next. */
  hold(limit: BudgetLimit, forMs: number): Promise<void>;
  /** HubSpot answered DAILY: pauses the portal until `resetAt`. */
  pauseDaily(resetAt: Date, reason: string): Promise<void>;
  limits(): Promise<ApiLimits>;
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export interface BudgetOptions {
  readonly portalId: number;
  /** The portal's limits: from a setting, or read from the portal once. */
  readonly limits: () => Promise<ApiLimits>;
  /** Added to each window for arrival jitter; 50 ms unless given. */
  readonly jitterAllowanceMs?: number;
}

function windowOf(limits: ApiLimits, limit: BudgetLimit, jitterMs = jitterAllowanceMs): RollingLimit {
  const { max, intervalMilliseconds } = limit === 'burst' ? limits.burst : limits.search;
  return { max, windowMs: Math.ceil(intervalMilliseconds * windowMargin + jitterMs) };
}

/**
 * Budgets kept in the database (`hubspot_call_budgets`): processes sharing a Postgres server, or the one process of a
 * PGlite directory, draw on the same slots, so together they stay under HubSpot's per-portal limits.
 */
export function databaseCallBudget(db: Database, options: BudgetOptions): CallBudget {
  let resolved: Promise<ApiLimits> | undefined;
  const limits = () => (resolved ??= options.limits());
  const { portalId } = options;
  return {
    portalId,
    limits,
    async acquire(isSearch) {
      const [pause] = await dailyPauses(db, portalId);
      if (pause) throw new DailyLimitReached(portalId, pause.until);
      const current = await limits();
      // The search slot first, then the burst slot from then on: the call leaves at its burst slot, never earlier.
      const slots: { policy: BudgetLimit; slotMs: number }[] = [];
      for (const policy of isSearch ? (['search', 'burst'] as const) : (['burst'] as const)) {
        const { slotMs, waitMs } = await reserveCallSlot(db, portalId, policy, windowOf(current, policy, options.jitterAllowanceMs));
        slots.push({ policy, slotMs });
        await sleep(waitMs);
      }
      // A call that leaves late (a busy event loop, a slow database) is moved to when it left.
      for (const { policy, slotMs } of slots) await markCallDeparted(db, portalId, policy, slotMs);
    },
    hold: (limit, forMs) => holdCallSlots(db, portalId, limit, Math.ceil(forMs)),
    pauseDaily: (resetAt, reason) => pauseForDailyLimit(db, portalId, resetAt, reason),
  };
}
