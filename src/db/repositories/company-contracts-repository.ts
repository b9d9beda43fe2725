import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Contract } from '../../domain/contracts/contract-schema';
import type { Executor } from '../client';
import { integerColumn, queryRows } from './query-rows';

/** A contracts row read with its dates as text. */
export const contractRow = z.object({
  deal_id: z.string(),
  company_id: z.string(),
  kind: z.enum(['new', 'renewal', 'upsell', 'cross_sell', 'downgrade']),
  product: z.string(),
  mrr_minor: integerColumn,
  start_date: z.string(),
  end_date: z.string(),
  close_date: z.string().nullable(),
  seats: integerColumn.nullable(),
});

/** The contracts of these companies (domain §1.1), a statement per thousand companies. */
export async function listContractsOfCompanies(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
): Promise<Contract[]> {
  const contracts: Contract[] = [];
  for (let start = 0; start < companyIds.length; start += 1_000) {
    const ids = companyIds.slice(start, start + 1_000);
    const rows = await queryRows(
      db,
      sql`select deal_id, company_id, kind, product, mrr_minor, start_date::text, end_date::text, close_date::text, seats
        from contracts where portal_id = ${portalId} and company_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) order by company_id, start_date, deal_id`,
      contractRow,
    );
    for (const row of rows) contracts.push(toContract(row));
  }
  return contracts;
}

export function toContract(row: z.infer<typeof contractRow>): Contract {
  return {
    dealId: row.deal_id,
    companyId: row.company_id,
    kind: row.kind,
    product: row.product,
    mrrMinor: row.mrr_minor,
    startDate: row.start_date,
    endDate: row.end_date,
    seats: row.seats,
    // A contract without a close date is known from its start.
    closeDate: row.close_date ?? row.start_date,
  };
}
