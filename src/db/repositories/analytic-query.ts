import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor, Transaction } from '../client';
import { queryRows } from './query-rows';

/**
 * Planner settings for portal-wide aggregates, local to the transaction. Right after a sync or a
 * bulk load the tables have no statistics yet, the planner expects one row per step and picks
 * nested loops that rescan whole CTEs per company (seconds for a few hundred companies); hash
 * joins are right for these set-based queries whatever the statistics say.
 */
export async function useAnalyticPlannerSettings(transaction: Transaction): Promise<void> {
  await transaction.execute(sql`set local enable_nestloop = off`);
  await useLargeAggregateSettings(transaction);
}

/**
 * For statements that sort and hash a portal's rows, local to the transaction: JIT off (large row
 * estimates, or a disabled plan type, push costs past its threshold, and compiling then takes longer than
 * the query) and 128 MB for sorts and hashes, which the default 4 MB would spill to disk.
 */
export async function useLargeAggregateSettings(transaction: Executor): Promise<void> {
  await transaction.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '128MB', true)`);
}

/** No parallel workers for the transaction's statements, which already run beside their siblings on the other cores. */
export async function withoutParallelWorkers(transaction: Executor): Promise<void> {
  await transaction.execute(sql`select set_config('max_parallel_workers_per_gather', '0', true)`);
}

/**
 * Runs a portal-wide aggregate with the analytic planner settings. `parallelWorkers: false` for a statement that
 * already runs beside its siblings on the other cores (one per range of companies): parallel workers of its own only
 * add processes and the merging of their partial results.
 */
export async function withoutNestedLoops<Row>(
  db: Executor,
  query: SQL,
  rowSchema: z.ZodType<Row>,
  options: { readonly parallelWorkers?: boolean } = {},
): Promise<Row[]> {
  return db.transaction(async (transaction) => {
    await useAnalyticPlannerSettings(transaction);
    if (options.parallelWorkers === false) await withoutParallelWorkers(transaction);
    return queryRows(transaction, query, rowSchema);
  });
}
