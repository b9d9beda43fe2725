import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { z } from 'zod';
import { queryRows } from './query-rows';

const companyMatchRowSchema = z.object({
  id: z.string(),
  account: z.string().nullable(),
  by_id: z.boolean(),
  domain: z.string().nullable(),
});

/** Lower-case, without scheme, `www.` or path: how a company domain and an account id are compared. */
export function normalizeDomain(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');
}

/**
 * Maps account ids to company ids: by the configured company property first (`cs_account_id` is the
 * synced companies.account_id column), then an account id that is one of `companyIds` (the HubSpot company
 * ids an account id may name), else by the company domain; a company merged away in HubSpot matches as the company it
 * became. Lowest company id wins a tie. `domainCompanies`, when
 * given, says which of the companies found by domain may be matched that way (the others are left out).
 */
export async function resolveAccountCompanies(
  db: Executor,
  portalId: number,
  accountIds: readonly string[],
  accountProperty: string,
  companyIds: ReadonlySet<string>,
  domainCompanies?: (companyIds: readonly string[]) => Promise<ReadonlySet<string>>,
): Promise<Map<string, string>> {
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) return new Map();
  const nameable = unique.filter((accountId) => companyIds.has(accountId));
  const matchCompanyId = nameable.length > 0;
  const companyIdList = sql.join(
    (matchCompanyId ? nameable : ['']).map((id) => sql`${id}`),
    sql`, `,
  );
  const wanted = JSON.stringify(unique.map((accountId) => [accountId, normalizeDomain(accountId)]));
  const accountList = sql.join(
    unique.map((accountId) => sql`${accountId}`),
    sql`, `,
  );
  const accountColumn = accountProperty === 'cs_account_id' ? sql`account_id` : sql`properties ->> ${accountProperty}`;
  // A list of values, which Postgres hashes, where a subquery could be planned as a nested loop over the
  // portal's companies. Domains are compared only for the accounts no company property names, so the
  // usual batch never evaluates the domain expression on each of the portal's companies.
  const rows = await queryRows(
    db,
    sql`
    with wanted as (
      select pair ->> 0 as account, pair ->> 1 as domain from jsonb_array_elements(${wanted}::jsonb) as pair
    ),
    by_account as (
      select id, ${accountColumn} as account, false as by_id from companies
      where portal_id = ${portalId}::bigint and not archived and ${accountColumn} in (${accountList})
      union all
      select id, id, true from companies
      where ${matchCompanyId}::boolean and portal_id = ${portalId}::bigint and not archived and id in (${companyIdList})
      union all
      -- A company merged away in HubSpot: its account's events go to the company it was merged into.
      select m.survivor_id, ${accountColumn}, false from company_merges m
      join companies on companies.portal_id = m.portal_id and companies.id = m.merged_id
      where m.portal_id = ${portalId}::bigint and ${accountColumn} in (${accountList})
    ),
    missing as (
      select w.domain from wanted w where not exists (select 1 from by_account b where b.account = w.account)
    )
    select id, account, by_id, null::text as domain from by_account
    union all
    select id, null, false, domain from companies
    where exists (select 1 from missing) and portal_id = ${portalId}::bigint and not archived
      and regexp_replace(lower(domain), '^(https?://)?(www\\.)?', '') in (select domain from missing)
    order by id`,
    companyMatchRowSchema,
  );
  const byAccount = new Map<string, string>();
  const byId = new Map<string, string>();
  const byDomain = new Map<string, string>();
  const domainIds = rows.filter((row) => row.domain !== null).map((row) => row.id);
  const allowedByDomain = domainCompanies && domainIds.length > 0 ? await domainCompanies(domainIds) : undefined;
  for (const row of rows) {
    const matches = row.by_id ? byId : byAccount;
    if (row.account !== null && !matches.has(row.account)) matches.set(row.account, row.id);
    if (row.domain !== null && (allowedByDomain === undefined || allowedByDomain.has(row.id))) {
      const domain = normalizeDomain(row.domain);
      if (!byDomain.has(domain)) byDomain.set(domain, row.id);
    }
  }
  const resolved = new Map<string, string>();
  for (const accountId of unique) {
    const companyId = byAccount.get(accountId) ?? byId.get(accountId) ?? byDomain.get(normalizeDomain(accountId));
    if (companyId !== undefined) resolved.set(accountId, companyId);
  }
  return resolved;
}
