import type { Database } from '../../db/client';
import {
  dailyPauses,
  holdCallSlots,
  markCallDeparted,
  pauseForDailyLimit,
  reserveCallSlot,
} from '../../db/repositories/call-budget-repository';
import { nextSlot, type RollingLimit } from './rolling-window';
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
 * Budgets kept in the database (`hubspot_call_budgets`, `hubspot_call_slots`): processes sharing a Postgres server draw
 * on the same slots, so together they stay under HubSpot's per-portal limits.
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
        const { slotMs, waitMs } = await reserveCallSlot(
          db,
          portalId,
          policy,
          windowOf(current, policy, options.jitterAllowanceMs),
        );
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

/**
 * The same budgets kept in this process, for PGlite: one process owns its data directory, and each query to it waits
 * for the sync's open transaction. The DAILY pause is still written to the database, where /readyz reads it.
 */
export function processCallBudget(db: Database, options: BudgetOptions): CallBudget {
  let resolved: Promise<ApiLimits> | undefined;
  const limits = () => (resolved ??= options.limits());
  const { portalId } = options;
  const recent: Record<BudgetLimit, number[]> = { burst: [], search: [] };
  const notBefore: Record<BudgetLimit, number> = { burst: 0, search: 0 };
  let pausedUntil: Promise<number> | undefined;
  return {
    portalId,
    limits,
    async acquire(isSearch) {
      pausedUntil ??= dailyPauses(db, portalId).then(([pause]) => pause?.until.getTime() ?? 0);
      const until = await pausedUntil;
      if (until > Date.now()) throw new DailyLimitReached(portalId, new Date(until));
      const current = await limits();
      const taken: { policy: BudgetLimit; slot: number }[] = [];
      for (const policy of isSearch ? (['search', 'burst'] as const) : (['burst'] as const)) {
        const limit = windowOf(current, policy, options.jitterAllowanceMs);
        const slot = nextSlot(recent[policy], Date.now(), notBefore[policy], limit);
        recent[policy] = [slot, ...recent[policy]].slice(0, limit.max);
        taken.push({ policy, slot });
        await sleep(slot - Date.now());
      }
      // A call that leaves late is moved to when it left (its slot is the newest, or one of the latest).
      const departed = Date.now();
      for (const { policy, slot } of taken) {
        const index = recent[policy].indexOf(slot);
        if (index >= 0 && departed > slot) recent[policy][index] = departed;
        recent[policy].sort((left, right) => right - left);
      }
    },
    hold(limit, forMs) {
      notBefore[limit] = Math.max(notBefore[limit], Date.now() + Math.ceil(forMs));
      return Promise.resolve();
    },
    async pauseDaily(resetAt, reason) {
      pausedUntil = Promise.resolve(resetAt.getTime());
      await pauseForDailyLimit(db, portalId, resetAt, reason);
    },
  };
}
