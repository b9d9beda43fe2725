import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { byDepthThenName, companyDescendantsQuery, type GroupMember } from './company-hierarchy-repository';
import { integerColumn, queryRows } from './query-rows';

const subsidiaryRowSchema = z.object({
  company_id: z.string(),
  name: z.string().nullable(),
  depth: z.number(),
  mrr_minor: integerColumn,
  renewal_date: z.string().nullable(),
  score: z.number().nullable(),
  band: z.enum(['red', 'yellow', 'green']).nullable(),
});

export interface SubsidiaryFigures extends GroupMember {
  /** MRR of the contracts active on the day, in minor units. */
  readonly mrrMinor: number;
  /** The next renewal: the earliest end among the contracts active on the day; null without one. */
  readonly renewalDate: string | null;
  /** The latest stored daily health score up to the day; null before the first scoring. */
  readonly health: { readonly score: number; readonly band: 'red' | 'yellow' | 'green' } | null;
}

/**
 * Every company below `companyId` with its MRR and renewal on `asOf` and its latest health score, nearest
 * first, in one statement (each figure an indexed lookup by portal and company).
 */
export async function listSubsidiaryFigures(
  db: Executor,
  portalId: number,
  companyId: string,
  asOf: string,
): Promise<SubsidiaryFigures[]> {
  const rows = await queryRows(
    db,
    sql`${companyDescendantsQuery(portalId, companyId)}
select b.company_id, b.name, b.depth, coalesce(k.mrr_minor, 0) as mrr_minor, k.renewal_date::text as renewal_date, h.score, h.band
from below b
left join lateral (
  select sum(c.mrr_minor) as mrr_minor, min(c.end_date) as renewal_date from contracts c
  where c.portal_id = ${portalId} and c.company_id = b.company_id and c.start_date <= ${asOf}::date and ${asOf}::date < c.end_date
) k on true
left join lateral (
  select s.score, s.band from health_scores s
  where s.portal_id = ${portalId} and s.company_id = b.company_id and s.score_date <= ${asOf}::date
  order by s.score_date desc limit 1
) h on true`,
    subsidiaryRowSchema,
  );
  return rows
    .map((row) => ({
      companyId: row.company_id,
      name: row.name,
      depth: row.depth,
      mrrMinor: row.mrr_minor,
      renewalDate: row.renewal_date,
      health: row.score === null || row.band === null ? null : { score: row.score, band: row.band },
    }))
    .sort(byDepthThenName);
}
