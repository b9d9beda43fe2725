import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ContractCounts } from '../../domain/contracts/customer-status';
import type { Executor } from '../client';
import { integerColumn, queryRows } from './query-rows';

export interface CompanyContractCounts extends ContractCounts {
  readonly companyId: string;
}

/**
 * Per company with a contract active on `day`: those contracts' MRR, what the domain's customer rule
 * (contracts/customer-status, domain §1.1) reads, so every view counts customers alike. A company without an active
 * contract has no MRR on the day and is no customer, so the statement reads only the day's contracts (at 100k
 * companies 0.25 s against 0.8 s for every contract).
 */
export async function activeMrrOn(
  db: Executor,
  portalId: number,
  day: string,
): Promise<Array<{ readonly companyId: string; readonly mrrMinor: number }>> {
  const rows = await queryRows(
    db,
    sql`select company_id, sum(mrr_minor) as mrr_minor
      from contracts where portal_id = ${portalId} and start_date <= ${day}::date and ${day}::date < end_date
      group by company_id`,
    z.object({ company_id: z.string(), mrr_minor: integerColumn }),
  );
  return rows.map((row) => ({ companyId: row.company_id, mrrMinor: row.mrr_minor }));
}

/**
 * The contract counts on `day` of those of these companies that exist in the portal (not archived), each listed
 * even without contracts: what a HubSpot company id named by an ingestion key is checked against.
 */
export async function contractCountsOfCompanies(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
  day: string,
): Promise<CompanyContractCounts[]> {
  const unique = [...new Set(companyIds)];
  if (unique.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`select c.id as company_id,
        coalesce(sum(k.mrr_minor) filter (where k.start_date <= ${day}::date and ${day}::date < k.end_date), 0) as mrr_minor,
        count(k.deal_id) as contract_count,
        count(k.deal_id) filter (where k.start_date > ${day}::date) as upcoming_contract_count
      from companies c left join contracts k on k.portal_id = c.portal_id and k.company_id = c.id
      where c.portal_id = ${portalId} and not c.archived and c.id in (${sql.join(
        unique.map((id) => sql`${id}`),
        sql`, `,
      )})
      group by c.id`,
    z.object({
      company_id: z.string(),
      mrr_minor: integerColumn,
      contract_count: integerColumn,
      upcoming_contract_count: integerColumn,
    }),
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    mrrMinor: row.mrr_minor,
    contractCount: row.contract_count,
    upcomingContractCount: row.upcoming_contract_count,
  }));
}
