import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../src/db/client';
import { refreshCompanyMrr } from '../../src/db/repositories/company-mrr-repository';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { companyMonthlyMrr, companyMrrSteps } from '../../src/db/schema';

/** Both company MRR tables of a portal, in key order. */
export async function companyMrrTables(db: Database, portalId: number) {
  const steps = await db
    .select()
    .from(companyMrrSteps)
    .where(eq(companyMrrSteps.portalId, portalId))
    .orderBy(asc(companyMrrSteps.companyId), asc(companyMrrSteps.day));
  const months = await db
    .select()
    .from(companyMonthlyMrr)
    .where(eq(companyMonthlyMrr.portalId, portalId))
    .orderBy(asc(companyMonthlyMrr.companyId), asc(companyMonthlyMrr.month));
  return { steps, months };
}

/**
 * The tables as they are equal what refreshing each company on its own gives (the path of a webhook), computed
 * afterwards from empty tables; the tables are left as that refresh wrote them.
 */
export async function expectCompanyMrrAsRefreshed(db: Database, portalId: number) {
  const stored = await companyMrrTables(db, portalId);
  const companyIds = [...new Set((await listContracts(db, portalId)).map((contract) => contract.companyId))];
  await db.transaction(async (transaction) => {
    await transaction.delete(companyMrrSteps).where(eq(companyMrrSteps.portalId, portalId));
    await transaction.delete(companyMonthlyMrr).where(eq(companyMonthlyMrr.portalId, portalId));
    for (const companyId of companyIds) await refreshCompanyMrr(transaction, portalId, [companyId]);
  });
  const refreshed = await companyMrrTables(db, portalId);
  expect(refreshed.steps.length).toBeGreaterThan(companyIds.length);
  expect(refreshed.months.length).toBeGreaterThan(companyIds.length);
  expect(stored).toEqual(refreshed);
  return stored;
}
