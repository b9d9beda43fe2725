// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { z } from 'zod';
import { monthOf } from '../time/calendar-date';
import type { Period } from '../time/periods';
import type { KpiCompany, KpiInput } from './kpi-input';
import type { KpiSettingsInput } from './kpi-settings';
import { computeKpisForPeriods } from './period-kpis';
import type { PeriodKpis } from './period-kpis-schema';

export const cutDimensionSchema = z.enum(['owner', 'industry', 'tier', 'lifecycle-stage', 'onboarding-cohort']);
export type CutDimension = z.infer<typeof cutDimensionSchema>;

export type KpiCut = { dimension: CutDimension; group: string | null; companyIds: string[]; kpis: PeriodKpis[] };

const companyAttribute: Record<Exclude<CutDimension, 'onboarding-cohort'>, (company: KpiCompany) => string | null> = {
  owner: (company) => company.csmOwnerId ?? company.ownerId,
  industry: (company) => company.industry,
  tier: (company) => company.tier,
  'lifecycle-stage': (company) => company.lifecycleStage,
};

/** Every company the input mentions, so activity of companies missing from `companies` is not lost. */
function allCompanyIds(input: KpiInput): Set<string> {
  return new Set([
    ...input.companies.map((company) => company.id),
    ...input.contracts.map((contract) => contract.companyId),
    ...input.usageEvents.map((event) => event.companyId),
    ...input.surveyResponses.map((response) => response.companyId),
    ...input.onboardings.map((record) => record.companyId),
  ]);
}

/** The onboarding cohort is the month (YYYY-MM) of the company's first onboarding start. */
function onboardingCohorts(input: KpiInput): Map<string, string> {
  const cohorts = new Map<string, string>();
  for (const record of input.onboardings) {
    const cohort = monthOf(record.startedOn);
    const known = cohorts.get(record.companyId);
    if (known === undefined || cohort < known) {
      cohorts.set(record.companyId, cohort);
    }
  }
  return cohorts;
}

/** Company ids per group; a company without a value for the dimension is in the null group. */
export function groupCompanies(input: KpiInput, dimension: CutDimension): Map<string | null, string[]> {
  const companies = new Map(input.companies.map((company) => [company.id, company]));
  const cohorts = dimension === 'onboarding-cohort' ? onboardingCohorts(input) : new Map<string, string>();
  const groups = new Map<string | null, string[]>();
  for (const companyId of allCompanyIds(input)) {
    const company = companies.get(companyId);
    const group =
      dimension === 'onboarding-cohort'
        ? (cohorts.get(companyId) ?? null)
        : company
          ? companyAttribute[dimension](company)
          : null;
    const members = groups.get(group);
    if (members) {
      members.push(companyId);
    } else {
      groups.set(group, [companyId]);
    }
  }
  return groups;
}

export function restrictToCompanies(input: KpiInput, companyIds: readonly string[]): KpiInput {
  const keep = new Set(companyIds);
  return {
    ...input,
    companies: input.companies.filter((company) => keep.has(company.id)),
    contracts: input.contracts.filter((contract) => keep.has(contract.companyId)),
    usageEvents: input.usageEvents.filter((event) => keep.has(event.companyId)),
    surveyResponses: input.surveyResponses.filter((response) => keep.has(response.companyId)),
    onboardings: input.onboardings.filter((record) => keep.has(record.companyId)),
  };
}

/** The KPIs of each group of a dimension, for a range of periods; groups sorted by name, null last. */
export function computeKpisByCut(
  input: KpiInput,
  periods: readonly Period[],
  dimension: CutDimension,
  settings: KpiSettingsInput = {},
): KpiCut[] {
  return [...groupCompanies(input, dimension)]
    .sort(([left], [right]) => (left === null ? 1 : right === null ? -1 : left.localeCompare(right)))
    .map(([group, companyIds]) => ({
      dimension,
      group,
      companyIds,
      kpis: computeKpisForPeriods(restrictToCompanies(input, companyIds), periods, settings),
    }));
}
