import type { FixtureCompany } from '../fixture-schema';
import { addDays, instantAt, maxDate } from './calendar';
import type { CompanyPlan } from './company-plan';
import type { ContractSpan } from './deal-plan';
import type { Random } from './random';

function lifecycleStage(company: CompanyPlan, spans: readonly ContractSpan[], asOf: string): string {
  if (company.kind === 'prospect') return company.stage;
  const lastDay = addDays(asOf, -1);
  // Churned accounts are moved out of `customer` by hand in most portals; 'other' is HubSpot's catch-all.
  return spans.some((span) => span.endDate > lastDay) ? 'customer' : 'other';
}

export function renderCompany(
  company: CompanyPlan,
  spans: readonly ContractSpan[],
  random: Random,
  asOf: string,
): FixtureCompany {
  const createdAt = instantAt(company.createdDate, random.integer(8 * 3600, 20 * 3600));
  const updatedDate = maxDate(company.createdDate, addDays(asOf, -random.integer(1, 30)));
  const updatedAt = instantAt(updatedDate, random.integer(0, 86_399));
  const properties: Record<string, string | null> = {
    name: company.name,
    domain: company.domain,
    industry: company.industry,
    hubspot_owner_id: company.kind === 'customer' ? company.customerSuccessOwnerId : company.salesOwnerId,
    lifecyclestage: lifecycleStage(company, spans, asOf),
    numberofemployees: String(company.employees),
    city: company.city,
    country: company.country,
    createdate: createdAt,
    hs_lastmodifieddate: updatedAt,
    cs_tier: company.tier,
  };
  if (company.kind === 'customer') properties.cs_account_id = company.accountId;
  return { id: company.id, properties, createdAt, updatedAt };
}
