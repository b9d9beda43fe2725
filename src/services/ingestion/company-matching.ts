import type { Executor } from '../../db/client';
import { resolveAccountCompanies } from '../../db/repositories/ingestion-accounts-repository';
import { contractCountsOfCompanies } from '../../db/repositories/customer-status-repository';
import { customerStatusOf } from '../../domain/contracts/customer-status';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import { instantToLocalDate } from '../../domain/time/time-zone';

export type MatchingTarget = {
  readonly db: Executor;
  readonly portalId: number;
  readonly timeZone: string;
  readonly settings: IngestionSettings;
  /** `operator`: any company id may be named (as before ingestion keys were scoped). */
  readonly trust: 'ingestion-key' | 'operator';
};

/**
 * Of these HubSpot company ids, those an ingestion key may name: companies of the portal that exist and are
 * customers today (a signed contract that starts later counts: onboarding comes before it). Any other id,
 * one that does not exist included, names nothing: its writes wait as unmatched.
 */
export async function nameableCompanies(
  target: MatchingTarget,
  companyIds: readonly string[],
  now = Date.now(),
): Promise<Set<string>> {
  const today = instantToLocalDate(now, target.timeZone);
  const counts = await contractCountsOfCompanies(target.db, target.portalId, companyIds, today);
  const signed = new Set(['customer', 'upcoming']);
  return new Set(counts.filter((company) => signed.has(customerStatusOf(company))).map((company) => company.companyId));
}

export type CompanyMatches = {
  /** Account id -> company id (account property, a nameable company id, or the domain of a nameable company). */
  readonly byAccount: ReadonlyMap<string, string>;
  /** The named company ids that may be written to. */
  readonly named: ReadonlySet<string>;
};

/** Resolves account ids and checks named company ids with one check of which company ids may be named. */
export async function matchCompanies(
  target: MatchingTarget,
  accountIds: readonly string[],
  companyIds: readonly string[],
): Promise<CompanyMatches> {
  const candidates = target.settings.matchCompanyId ? [...companyIds, ...accountIds] : companyIds;
  const nameable =
    target.trust === 'operator'
      ? new Set(candidates)
      : candidates.length > 0
        ? await nameableCompanies(target, candidates)
        : new Set<string>();
  const byAccount = await resolveAccountCompanies(
    target.db,
    target.portalId,
    accountIds,
    target.settings.accountProperty,
    target.settings.matchCompanyId ? nameable : new Set(),
    // A domain is public: an ingestion key matches by it only the companies it could name by id (customers).
    target.trust === 'operator' ? undefined : (domainIds) => nameableCompanies(target, domainIds),
  );
  return { byAccount, named: new Set(companyIds.filter((companyId) => nameable.has(companyId))) };
}
