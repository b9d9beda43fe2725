import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { rowsOf } from './ingestion-events-repository';

type CompanyMatchRow = { id: string; account: string | null; domain: string | null };

/** Lower-case, without scheme, `www.` or path: how a company domain and an account id are compared. */
export function normalizeDomain(value: string): string {
  return value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '');
}

/**
 * Maps account ids to company ids: by the configured company property first (`cs_account_id` is the
 * synced companies.account_id column), else by the company domain. Lowest company id wins a tie.
 */
export async function resolveAccountCompanies(db: Executor, portalId: number, accountIds: readonly string[], accountProperty: string): Promise<Map<string, string>> {
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) return new Map();
  const domains = [...new Set(unique.map(normalizeDomain))];
  const accountColumn = accountProperty === 'cs_account_id' ? sql`account_id` : sql`properties ->> ${accountProperty}`;
  const result = await db.execute(sql`
    select id, ${accountColumn} as account, domain from companies
    where portal_id = ${portalId}::bigint and not archived
      and (${accountColumn} in (select jsonb_array_elements_text(${JSON.stringify(unique)}::jsonb))
        or regexp_replace(lower(domain), '^(https?://)?(www\\.)?', '') in (select jsonb_array_elements_text(${JSON.stringify(domains)}::jsonb)))
    order by id`);
  const byAccount = new Map<string, string>();
  const byDomain = new Map<string, string>();
  for (const row of rowsOf<CompanyMatchRow>(result)) {
    if (row.account !== null && !byAccount.has(row.account)) byAccount.set(row.account, row.id);
    if (row.domain !== null) {
      const domain = normalizeDomain(row.domain);
      if (!byDomain.has(domain)) byDomain.set(domain, row.id);
    }
  }
  const resolved = new Map<string, string>();
  for (const accountId of unique) {
    const companyId = byAccount.get(accountId) ?? byDomain.get(normalizeDomain(accountId));
    if (companyId !== undefined) resolved.set(accountId, companyId);
  }
  return resolved;
}
