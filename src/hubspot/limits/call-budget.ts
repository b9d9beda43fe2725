import type { Database } from '../../db/client';
import { dailyPauses, holdCallSlots, pauseForDailyLimit, reserveCallSlot } from '../../db/repositories/call-budget-repository';
import type { ApiLimits } from './api-tiers';

/** HubSpot answered DAILY, or an earlier call did: nothing goes to the portal until the reset. Never retried. */
export class DailyLimitReached extends Error {
  readonly permanent = true;

  constructor(readonly portalId: number, readonly resetAt: Date) {
    super(`HubSpot's daily API limit of portal ${portalId} is used up; calls resume at ${resetAt.toISOString()}`);
    this.name = 'DailyLimitReached';
  }
}

// Slots a little wider than the limit's average: requests reserved back to back still reach HubSpot with jitter, and
// a rolling window counts arrivals.
const spacingMargin = 1.03;

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
}

function spacingOf(limits: ApiLimits, limit: BudgetLimit): number {
  const { max, intervalMilliseconds } = limit === 'burst' ? limits.burst : limits.search;
  return Math.ceil((intervalMilliseconds * spacingMargin) / max);
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
      if (isSearch) await sleep(await reserveCallSlot(db, portalId, 'search', spacingOf(current, 'search')));
      await sleep(await reserveCallSlot(db, portalId, 'burst', spacingOf(current, 'burst')));
    },
    hold: (limit, forMs) => holdCallSlots(db, portalId, limit, Math.ceil(forMs)),
    pauseDaily: (resetAt, reason) => pauseForDailyLimit(db, portalId, resetAt, reason),
  };
}
