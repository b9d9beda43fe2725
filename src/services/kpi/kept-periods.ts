import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../../db/client';
import type { KpiQuery } from '../../db/repositories/kpi-query-parts';
import {
  keepKpiPeriods,
  keptKpiPeriods,
  pruneKpiPeriodCache,
  takeKpiSnapshot,
} from '../../db/repositories/kpi-period-cache-repository';
import { keptGroupRow, keptGroupRowSchema, type GroupRow, type MeasuredPeriod } from './kpi-aggregates';

// Bump when a kept aggregate would be computed differently: every entry of an older version is then unused.
const keptVersion = 1;

/**
 * The aggregates `compute` gives for `query`, with the closed periods read from the kept ones where no later
 * change can have altered them. Changes reach every period from their date on, so what is missing is the
 * periods from the first one not kept: only those are computed, and the closed ones among them kept.
 * `dependsOn` names everything besides the data and the period that `compute` depends on.
 */
export async function withKeptPeriods(
  db: Executor,
  measured: readonly MeasuredPeriod[],
  query: KpiQuery,
  dependsOn: { readsRawEvents: boolean } & Record<string, unknown>,
  compute: (query: KpiQuery) => Promise<GroupRow[]>,
): Promise<GroupRow[]> {
  const customers = query.customers ?? 'each-company';
  const keys = query.periods.map((period) =>
    createHash('sha256')
      .update(
        JSON.stringify({
          keptVersion,
          period,
          timeZone: query.timeZone,
          cut: query.cut,
          customers,
          dependsOn,
        }),
      )
      .digest('base64url'),
  );
  const closed = measured.map(({ partial }) => !partial);
  await pruneKpiPeriodCache(db, query.portalId);
  const kept = await keptKpiPeriods(
    db,
    query.portalId,
    keys.filter((_, index) => closed[index]),
  );
  const firstMissing = keys.findIndex((key, index) => !closed[index] || !kept.has(key));
  const keptRows = keys
    .slice(0, firstMissing === -1 ? keys.length : firstMissing)
    .flatMap((key) => z.array(keptGroupRowSchema).parse(kept.get(key)));
  if (firstMissing === -1) return keptRows;

  const snapshot = await takeKpiSnapshot(db);
  const periods = query.periods.slice(firstMissing);
  const computed = await compute({ ...query, periods });
  await keepKpiPeriods(
    db,
    query.portalId,
    snapshot,
    periods.flatMap((period, offset) =>
      closed[firstMissing + offset]
        ? [
            {
              cacheKey: keys[firstMissing + offset] ?? '',
              cut: query.cut,
              customers,
              readsRawEvents: dependsOn.readsRawEvents,
              lastDay: period.lastDay,
              timeZone: query.timeZone,
              rows: computed.filter((row) => row.period === period.label).map(keptGroupRow),
            },
          ]
        : [],
    ),
  );
  return [...keptRows, ...computed];
}
