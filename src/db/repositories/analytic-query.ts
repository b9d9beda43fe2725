import { sql, type SQL } from 'drizzle-orm';
import type { Executor, Transaction } from '../client';

/**
 * Planner settings for portal-wide aggregates, local to the transaction. Right after a sync or a
 * bulk load the tables have no statistics yet, the planner expects one row per step and picks
 * nested loops that rescan whole CTEs per company (seconds for a few hundred companies); hash
 * joins are right for these set-based queries whatever the statistics say.
 */
export async function useAnalyticPlannerSettings(transaction: Transaction): Promise<void> {
  await transaction.execute(sql`set local enable_nestloop = off`);
  // Disabling a plan type inflates costs past the JIT threshold; compiling would take longer than the query.
  await transaction.execute(sql`set local jit = off`);
  // The default 4 MB spills a portal's distinct users and sessions to disk; hashing them in memory is several times faster.
  await transaction.execute(sql`set local work_mem = '128MB'`);
}

/** Runs a portal-wide aggregate with the analytic planner settings. */
export async function withoutNestedLoops(db: Executor, query: SQL): Promise<Array<Record<string, unknown>>> {
  return db.transaction(async (transaction) => {
    await useAnalyticPlannerSettings(transaction);
    const result = await transaction.execute(query);
    return (result as unknown as { rows: Array<Record<string, unknown>> }).rows;
  });
}
