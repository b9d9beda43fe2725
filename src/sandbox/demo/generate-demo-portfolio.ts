import { z } from 'zod';
import type { Fixture, FixtureSurvey, FixtureUsageEvent } from '../fixture-schema';
import { addMonths, compareText } from './calendar';
import { planCompanyGroups } from './company-groups';
import { planCompanies, type CompanyPlan } from './company-plan';
import { renderCompany } from './company-records';
import { demoCustomProperties } from './custom-properties';
import { simulateCustomerHistory, type CustomerHistory } from './customer-history';
import { spansOf, type DealPlan } from './deal-plan';
import { buildDemoOwners } from './owners';
import { renewalsPipeline } from './pipelines';
import { buildPortfolioDeals } from './portfolio-deals';
import { carriedOnProspectDeals, prospectDeals } from './prospect-deals';
import { createRandom, type Random } from './random';
import { companySurveys } from './survey-responses';
import { companyUsageEvents, newCustomerUsageEvents } from './usage-events';

export const demoPortfolioOptionsSchema = z.object({
  seed: z.number().int().default(42),
  companies: z.number().int().min(1).max(5_000).default(200),
  asOf: z.iso.date().default('2026-11-01'),
  years: z.number().int().min(1).max(10).default(3),
  /** The demo carried on: customers' usage continues day by day from `asOf` up to this day (excluded). */
  usageUntil: z.iso.date().optional(),
});

export type DemoPortfolioOptions = z.input<typeof demoPortfolioOptionsSchema>;

export const demoPortalId = 9_990_001;

/**
 * A reproducible demo portfolio: the same options always give byte-identical JSON.
 * Everything happens strictly before `asOf` (00:00 UTC) except open deals' expected close dates, and the usage of
 * the days from `asOf` to `usageUntil`.
 */
export function generateDemoPortfolio(options: DemoPortfolioOptions = {}): Fixture {
  return generateCarriedOnDemo(options).fixture;
}

/**
 * The demo and, carried on to `usageUntil`, the deals its customers closed from its day on (renewals, downgrades,
 * churn, mid-term purchases), in close-date order: what a sandbox started later adds to its records. The fixture's
 * usage follows those contracts (a renewed customer's users carry on; a churned one's stop).
 */
export function generateCarriedOnDemo(options: DemoPortfolioOptions = {}): {
  fixture: Fixture;
  carriedOnDeals: DealPlan[];
} {
  const { seed, companies: count, asOf, years, usageUntil } = demoPortfolioOptionsSchema.parse(options);
  const random = createRandom(seed);
  const { owners, salesOwnerIds, customerSuccessOwnerIds } = buildDemoOwners();
  const historyStart = addMonths(asOf, -12 * years);
  const companies = planCompanies({
    random: random.fork('companies'),
    count,
    historyStart,
    asOf,
    salesOwnerIds,
    customerSuccessOwnerIds,
  });

  const historyRandom = random.fork('history');
  const carryOnRandom = random.fork('carried-on');
  const dealPlans: DealPlan[] = [];
  const carriedOnDeals: DealPlan[] = [];
  const plansByCompany = new Map<string, DealPlan[]>();
  const carriedOnByCompany = new Map<string, DealPlan[]>();
  for (const company of companies) {
    const carryOn =
      usageUntil === undefined || usageUntil <= asOf
        ? undefined
        : { random: carryOnRandom.fork(company.id), until: usageUntil };
    const { deals: plans, carriedOn } =
      company.kind === 'customer'
        ? simulateCustomerHistory(company, { random: historyRandom, asOf, ...(carryOn ? { carryOn } : {}) })
        : prospectHistory(company, historyRandom, asOf, carryOn);
    plansByCompany.set(company.id, plans);
    if (carriedOn.length > 0) carriedOnByCompany.set(company.id, carriedOn);
    dealPlans.push(...plans);
    carriedOnDeals.push(...carriedOn);
  }

  const recordRandom = random.fork('company-records');
  const usageRandom = random.fork('usage');
  const surveyRandom = random.fork('surveys');
  const newCustomerUsageRandom = random.fork('new-customer-usage');
  const usageEvents: FixtureUsageEvent[] = [];
  const surveys: FixtureSurvey[] = [];
  const spansByCompany = new Map(
    companies.map((company) => [company.id, spansOf(plansByCompany.get(company.id) ?? [])]),
  );
  const parentOf = planCompanyGroups(spansByCompany, random.fork('company-groups'), asOf);
  const companyRecords = companies.map((company, ordinal) => {
    const spans = spansByCompany.get(company.id) ?? [];
    if (company.kind === 'customer') {
      // The days after the demo's day follow the contracts carried on too: a renewed customer's users carry on.
      const usageSpans = [...spans, ...spansOf(carriedOnByCompany.get(company.id) ?? [])];
      usageEvents.push(...companyUsageEvents(company, usageSpans, usageRandom, asOf, usageUntil));
      surveys.push(...companySurveys(company, usageSpans, surveyRandom, asOf, ordinal, usageUntil));
    } else if (usageUntil !== undefined && carriedOnByCompany.has(company.id)) {
      // A prospect that signed after the demo's day: its users start with its contract.
      const signed = spansOf(carriedOnByCompany.get(company.id) ?? []);
      usageEvents.push(...newCustomerUsageEvents(company, signed, newCustomerUsageRandom, usageUntil));
    }
    const record = renderCompany(company, spans, recordRandom, asOf);
    const parentId = parentOf.get(company.id);
    return parentId === undefined
      ? record
      : { ...record, properties: { ...record.properties, hs_parent_company_id: parentId } };
  });

  const deals = buildPortfolioDeals(dealPlans, companies, {
    random: random.fork('deals'),
    asOf,
    orphanOwnerId: salesOwnerIds[0] ?? '',
  });
  const byTimestamp = <T extends { timestamp: string }>(first: T, second: T) =>
    compareText(first.timestamp, second.timestamp);
  const fixture: Fixture = {
    portal: {
      id: demoPortalId,
      timeZone: 'UTC',
      currency: 'USD',
      name: 'Northwind Demo (CS portfolio)',
      additionalCurrencies: [],
    },
    properties: demoCustomProperties,
    addedOptions: { companies: {}, deals: {} },
    owners,
    pipelines: [renewalsPipeline],
    companies: companyRecords,
    deals,
    usageEvents: usageEvents.sort(byTimestamp),
    surveys: surveys.sort((first, second) => compareText(first.submittedAt, second.submittedAt)),
  };
  return {
    fixture,
    carriedOnDeals: carriedOnDeals.sort(
      (first, second) =>
        compareText(first.closeDate, second.closeDate) ||
        compareText(first.companyIds[0] ?? '', second.companyIds[0] ?? '') ||
        compareText(first.product, second.product),
    ),
  };
}

function prospectHistory(
  company: Extract<CompanyPlan, { kind: 'prospect' }>,
  random: Random,
  asOf: string,
  carryOn: { random: Random; until: string } | undefined,
): CustomerHistory {
  const deals = prospectDeals(company, random, asOf);
  return {
    deals,
    carriedOn: carryOn ? carriedOnProspectDeals(company, deals, carryOn.random, asOf, carryOn.until) : [],
  };
}
