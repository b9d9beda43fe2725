import type { RollingLimit } from './rolling-window';
import type { ApiLimits } from './api-tiers';

/** HubSpot answered DAILY, or an earlier call did: nothing goes to the portal until the reset. Never retried. */
export class DailyLimitReached extends Error {
  readonly permanent = true;

  constructor(
    readonly portalId: number,
    readonly resetAt: Date,
  ) {
    super(`HubSpot's daily API limit of portal ${portalId} is used up; calls resume at ${resetAt.toISOString()}`);
    this.name = 'DailyLimitReached';
  }
}

// Windows a little wider than HubSpot's: calls reserved back to back reach HubSpot with some jitter (database, event
// loop, network), and a rolling window counts arrivals. 1% and 200 ms per window: 50 ms let a busy process's calls
// arrive bunched enough for a 429 (three runs in three on a loaded 2-core machine); 200 ms costs 2% of a 10 s window.
const windowMargin = 1.01;
const jitterAllowanceMs = 200;

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

export interface BudgetOptions {
  readonly portalId: number;
  /** The portal's limits: from a setting, or read from the portal once. */
  readonly limits: () => Promise<ApiLimits>;
  /** Added to each window for arrival jitter; 50 ms unless given. */
  readonly jitterAllowanceMs?: number;
}

export function windowOf(limits: ApiLimits, limit: BudgetLimit, jitterMs = jitterAllowanceMs): RollingLimit {
  const { max, intervalMilliseconds } = limit === 'burst' ? limits.burst : limits.search;
  return { max, windowMs: Math.ceil(intervalMilliseconds * windowMargin + jitterMs) };
}
