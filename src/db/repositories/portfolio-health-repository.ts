import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { healthScores } from '../schema';

export interface CompanyHealthBandRow {
  readonly companyId: string;
  readonly score: number;
  readonly band: 'red' | 'yellow' | 'green';
}

/** Each company's newest score on or before `asOf` among `companyIds`: one page of the portfolio list. */
export async function listLatestHealthBands(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
  asOf: string,
): Promise<CompanyHealthBandRow[]> {
  if (companyIds.length === 0) return [];
  return db
    .selectDistinctOn([healthScores.companyId], {
      companyId: healthScores.companyId,
      score: healthScores.score,
      band: healthScores.band,
    })
    .from(healthScores)
    .where(
      and(
        eq(healthScores.portalId, portalId),
        lte(healthScores.scoreDate, asOf),
        inArray(healthScores.companyId, [...companyIds]),
      ),
    )
    .orderBy(healthScores.companyId, sql`${healthScores.scoreDate} desc`);
}
