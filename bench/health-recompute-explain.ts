// EXPLAIN (ANALYZE, BUFFERS) of the statements a health recompute runs, for bench/health-recompute.ts --explain.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { useAnalyticPlannerSettings } from '../src/db/repositories/analytic-query';
import { healthInputQuery } from '../src/db/repositories/customer-success-inputs-repository';
import { findPortal } from '../src/db/repositories/portals-repository';
import { defaultCustomerSuccessSettings } from '../src/services/customer-success/customer-success-settings';
import { parallelInputStatements } from '../src/services/customer-success/recompute-health';

async function explain(db: Database, label: string, query: SQL): Promise<void> {
  const lines = await db.transaction(async (transaction) => {
    await useAnalyticPlannerSettings(transaction);
    const result = await transaction.execute(sql`explain (analyze, buffers) ${query}`);
    return (result as { rows: Array<Record<string, string>> }).rows.map((row) => Object.values(row)[0]);
  });
  process.stdout.write(`\n== ${label}\n${lines.join('\n')}\n`);
}

export async function explainStatements(db: Database, portalId: number, asOf: string): Promise<void> {
  const portal = await findPortal(db, portalId);
  const settings = defaultCustomerSuccessSettings();
  const window = {
    portalId,
    asOf,
    timeZone: portal?.timeZone ?? 'UTC',
    sessionGapMinutes: settings.sessions.inactivityMinutes,
    useSessionIds: settings.sessions.useSessionId,
    coreProductId: settings.catalog.coreProductId,
  };
  // One of the statements the recompute runs at once.
  const partition = { part: 0, parts: parallelInputStatements };
  await explain(
    db,
    `health inputs (first of ${parallelInputStatements} partitions)`,
    healthInputQuery(window, partition),
  );
}
