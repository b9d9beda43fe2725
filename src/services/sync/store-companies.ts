import type { Executor } from '../../db/client';
import { applyCompanyMerge, pendingCompanyMerges } from '../../db/repositories/company-merge-repository';
import { upsertCompanies, type CompanyRow } from '../../db/repositories/companies-repository';
import { recordMerges } from '../../hubspot/sync/record-mapping';

/**
 * Stores companies as HubSpot has them and follows its merges: a company that names merged ids the service holds
 * takes over their history, onboarding, CSM, usage and runs (by webhook, incremental or full sync alike).
 */
export async function storeCompanies(db: Executor, portalId: number, rows: readonly CompanyRow[]): Promise<void> {
  await upsertCompanies(db, rows);
  const merges = recordMerges(rows.map((row) => ({ id: row.id, properties: row.properties ?? {} })));
  if (merges.length === 0) return;
  for (const merge of await pendingCompanyMerges(db, portalId, merges)) await applyCompanyMerge(db, portalId, merge);
}
