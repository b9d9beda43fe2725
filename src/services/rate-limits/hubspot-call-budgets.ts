import type { Database } from '../../db/client';
import {
  dailyPauses,
  holdCallSlots,
  markCallDeparted,
  pauseForDailyLimit,
  reserveCallSlot,
} from '../../db/repositories/call-budget-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { nextLocalMidnight } from '../../domain/time/next-midnight';
import type { ApiLimits } from '../../hubspot/limits/api-tiers';
import type { DailyReset } from '../../hubspot/limits/budget-decorator';
import {
  DailyLimitReached,
  windowOf,
  type BudgetLimit,
  type BudgetOptions,
  type CallBudget,
} from '../../hubspot/limits/call-budget';
import { nextSlot } from '../../hubspot/limits/rolling-window';

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * Budgets kept in the database (`hubspot_call_budgets`, `hubspot_call_slots`): processes sharing a Postgres server draw
 * on the same slots, so together they stay under HubSpot's per-portal limits.
 */
function databaseCallBudget(db: Database, options: BudgetOptions): CallBudget {
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
function processCallBudget(db: Database, options: BudgetOptions): CallBudget {
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

/** The portal's budgets (in the database, or in this process for PGlite), with its daily reset at midnight in the portal's time zone. */
export interface PortalBudgetOptions {
  /** `process` for PGlite (one process owns the data), `database` for a Postgres server shared by processes. */
  readonly sharedBy: 'process' | 'database';
  readonly jitterAllowanceMs?: number;
}

export function portalBudget(
  db: Database,
  portalId: number,
  limits: () => Promise<ApiLimits>,
  options: PortalBudgetOptions,
): { budget: CallBudget; dailyReset: DailyReset } {
  const budgetOptions = {
    portalId,
    limits,
    ...(options.jitterAllowanceMs === undefined ? {} : { jitterAllowanceMs: options.jitterAllowanceMs }),
  };
  return {
    budget:
      options.sharedBy === 'process' ? processCallBudget(db, budgetOptions) : databaseCallBudget(db, budgetOptions),
    dailyReset: async (now) => new Date(nextLocalMidnight(now, (await findPortal(db, portalId))?.timeZone ?? 'UTC')),
  };
}
