import { beforeAll, describe, expect, it } from 'vitest';
import type { DealPlan } from '../../src/sandbox/demo/deal-plan';
import { generateCarriedOnDemo, generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { fixtureSchema, type Fixture } from '../../src/sandbox/fixture-schema';
import { customersOn, referenceContracts, type ReferenceContract } from './reference-contracts';

const asOf = '2026-11-01';
let fixture: Fixture;
let json: string;
let contracts: ReferenceContract[];

beforeAll(() => {
  fixture = generateDemoPortfolio();
  json = JSON.stringify(fixture);
  contracts = referenceContracts(fixture);
});

describe('generateDemoPortfolio', () => {
  it('validates against the fixture schema, unchanged by parsing', () => {
    const parsed = fixtureSchema.parse(JSON.parse(json));
    expect(JSON.stringify(parsed)).toBe(json);
  });

  it('gives byte-identical JSON for the same seed and different JSON for another seed', () => {
    expect(JSON.stringify(generateDemoPortfolio({ seed: 42 }))).toBe(json);
    expect(JSON.stringify(generateDemoPortfolio({ seed: 43 }))).not.toBe(json);
  });

  it('stays within the size budget', () => {
    expect(json.length).toBeLessThan(15 * 1024 * 1024);
  });

  it('has the demo portal, about 200 companies and a Renewals pipeline with its own closed-won stage', () => {
    expect(fixture.portal).toMatchObject({ id: 9_990_001, timeZone: 'UTC', currency: 'USD' });
    expect(fixture.companies).toHaveLength(200);
    expect(new Set(fixture.companies.map((company) => company.properties.name)).size).toBe(200);
    const renewals = fixture.pipelines.find((pipeline) => pipeline.label === 'Renewals');
    const wonStage = renewals?.stages.find(
      (stage) => stage.metadata.isClosed === 'true' && stage.metadata.probability === '1.0',
    );
    expect(wonStage?.id).toMatch(/^\d+$/);
    expect(
      fixture.deals.some(
        (deal) => deal.properties.pipeline === renewals?.id && deal.properties.dealstage === wonStage?.id,
      ),
    ).toBe(true);
  });

  it('has sales reps and CSMs, and every owner reference exists', () => {
    const teamOf = (name: string) => fixture.owners.filter((owner) => owner.teams?.some((team) => team.name === name));
    expect(teamOf('Sales').length).toBeGreaterThanOrEqual(2);
    expect(teamOf('Customer Success').length).toBeGreaterThanOrEqual(3);
    const ownerIds = new Set(fixture.owners.map((owner) => owner.id));
    const referenced = [...fixture.companies, ...fixture.deals].map((record) => record.properties.hubspot_owner_id);
    expect(referenced.every((id) => id !== null && id !== undefined && ownerIds.has(id))).toBe(true);
  });

  it('gives companies the properties the product reads', () => {
    for (const { properties } of fixture.companies) {
      expect(properties.industry).toMatch(/^[A-Z_]+$/);
      expect(['enterprise', 'mid_market', 'smb']).toContain(properties.cs_tier);
      expect(['customer', 'other', 'opportunity', 'lead']).toContain(properties.lifecyclestage);
      expect(Number(properties.numberofemployees)).toBeGreaterThan(0);
      if (properties.lifecyclestage === 'customer') expect(properties.cs_account_id).toMatch(/^acct_[0-9a-z]{6}$/);
    }
  });

  it('has every deal kind among closed-won deals, and churn', () => {
    const kinds = new Set(contracts.map((contract) => contract.kind));
    expect([...kinds].sort()).toEqual(['cross_sell', 'downgrade', 'new', 'renewal', 'upsell']);
    const everCustomers = new Set(contracts.map((contract) => contract.companyId));
    const current = new Set(customersOn(contracts, '2026-10-31'));
    const churned = [...everCustomers].filter((id) => id !== undefined && !current.has(id));
    expect(churned.length).toBeGreaterThan(5);
    expect(fixture.deals.some((deal) => deal.properties.dealstage === 'closedlost')).toBe(true);
    expect(
      fixture.deals.some((deal) =>
        [
          'appointmentscheduled',
          'contractsent',
          'qualifiedtobuy',
          'presentationscheduled',
          'decisionmakerboughtin',
        ].includes(deal.properties.dealstage ?? ''),
      ),
    ).toBe(true);
  });

  it('keeps contracts realistic: MRR by tier, terms, closed-won deals in the past', () => {
    const tierOf = new Map(fixture.companies.map((company) => [company.id, company.properties.cs_tier]));
    for (const contract of contracts) {
      expect(Number.isInteger(contract.mrrCents)).toBe(true);
      expect(contract.mrrCents).toBeGreaterThan(0);
      expect(contract.startDate < contract.endDate).toBe(true);
    }
    const newMrr = contracts.filter((contract) => contract.kind === 'new' && contract.companyId !== undefined);
    const smb = newMrr
      .filter((contract) => tierOf.get(contract.companyId ?? '') === 'smb')
      .map((contract) => contract.mrrCents);
    const enterprise = newMrr
      .filter((contract) => tierOf.get(contract.companyId ?? '') === 'enterprise')
      .map((contract) => contract.mrrCents);
    expect(Math.min(...smb)).toBeGreaterThanOrEqual(15_000);
    expect(Math.max(...smb)).toBeLessThan(200_000);
    expect(Math.max(...enterprise)).toBeLessThanOrEqual(4_000_000);
    expect(Math.max(...enterprise)).toBeGreaterThan(1_000_000);
    const terms = new Set(fixture.deals.map((deal) => deal.properties.cs_term_months));
    for (const term of ['1', '12', '24', '36']) expect(terms).toContain(term);
    const wonIds = new Set(contracts.map((contract) => contract.dealId));
    const won = fixture.deals.filter((deal) => wonIds.has(deal.id));
    expect(won.every((deal) => (deal.properties.closedate ?? '') < `${asOf}T00:00:00Z`)).toBe(true);
    expect(won.every((deal) => Number(deal.properties.amount) > 0)).toBe(true);
  });

  it('has the deliberate data-quality cases', () => {
    const orphans = fixture.deals.filter((deal) => deal.companyIds.length === 0);
    expect(orphans).toHaveLength(1);
    expect(fixture.deals.filter((deal) => deal.companyIds.length === 2)).toHaveLength(1);
    const companyIds = new Set(fixture.companies.map((company) => company.id));
    expect(fixture.deals.every((deal) => deal.companyIds.every((id) => companyIds.has(id)))).toBe(true);
    const wonIds = new Set(contracts.map((contract) => contract.dealId));
    const won = fixture.deals.filter((deal) => wonIds.has(deal.id));
    const withoutMrr = won.filter((deal) => !deal.properties.cs_mrr && !deal.properties.hs_mrr);
    expect(withoutMrr.some((deal) => deal.properties.cs_term_months)).toBe(true);
    expect(withoutMrr.some((deal) => !deal.properties.cs_term_months)).toBe(true);
    expect(won.some((deal) => !deal.properties.cs_mrr && deal.properties.hs_mrr)).toBe(true);
    expect(won.some((deal) => !deal.properties.cs_deal_kind)).toBe(true);
    expect(won.some((deal) => !deal.properties.cs_contract_start)).toBe(true);
  });

  it('has two or three parent companies with two to four subsidiaries each, all current customers', () => {
    const subsidiariesOf = new Map<string, string[]>();
    for (const company of fixture.companies) {
      const parentId = company.properties.hs_parent_company_id;
      if (parentId) subsidiariesOf.set(parentId, [...(subsidiariesOf.get(parentId) ?? []), company.id]);
    }
    expect(subsidiariesOf.size).toBeGreaterThanOrEqual(2);
    expect(subsidiariesOf.size).toBeLessThanOrEqual(3);
    const lastDay = '2026-10-31';
    const current = new Set(customersOn(contracts, lastDay));
    for (const [parentId, subsidiaries] of subsidiariesOf) {
      expect(subsidiaries.length).toBeGreaterThanOrEqual(2);
      expect(subsidiaries.length).toBeLessThanOrEqual(4);
      // One level: a parent is nobody's subsidiary.
      expect(fixture.companies.find((company) => company.id === parentId)?.properties.hs_parent_company_id).toBeFalsy();
      for (const id of [parentId, ...subsidiaries]) expect(current.has(id)).toBe(true);
    }
  });

  it('has onboarding customers whose new contract started in the last 60 days', () => {
    const recent = contracts.filter(
      (contract) => contract.kind === 'new' && contract.startDate >= '2026-09-02' && contract.companyId !== undefined,
    );
    expect(recent.length).toBeGreaterThanOrEqual(3);
  });
});

describe('generateDemoPortfolio carried on after its day (usageUntil)', () => {
  const dayOf = (event: { timestamp: string }) => event.timestamp.slice(0, 10);
  let carriedTen: Fixture;
  let carriedFive: Fixture;

  beforeAll(() => {
    carriedTen = generateDemoPortfolio({ usageUntil: '2026-11-11' });
    carriedFive = generateDemoPortfolio({ usageUntil: '2026-11-06' });
  });

  it('keeps everything of its day as it was: records, surveys and the usage before it', () => {
    const records = (of: Fixture) => JSON.stringify({ ...of, usageEvents: [], surveys: [] });
    expect(records(carriedTen)).toBe(records(fixture));
    expect(carriedTen.usageEvents.filter((event) => dayOf(event) < asOf)).toEqual(fixture.usageEvents);
    expect(carriedTen.surveys.filter((survey) => survey.submittedAt < asOf)).toEqual(fixture.surveys);
  });

  it('draws each later day alone: a day carried further is the same day, so a later start loads nothing twice', () => {
    const upTo = (events: Fixture['usageEvents'], day: string) => events.filter((event) => dayOf(event) < day);
    expect(upTo(carriedTen.usageEvents, '2026-11-06')).toEqual(carriedFive.usageEvents);
    expect(JSON.stringify(generateDemoPortfolio({ usageUntil: '2026-11-11' }))).toBe(JSON.stringify(carriedTen));
  });

  it('gives customers NPS and CSAT answers after its day as before, each quarter the same however far carried', () => {
    const carriedOn = generateCarriedOnDemo({ usageUntil: '2027-04-01' });
    const later = carriedOn.fixture.surveys.filter((survey) => survey.submittedAt >= asOf);
    expect(later.every((survey) => survey.submittedAt < '2027-04-01')).toBe(true);
    // About the last year's quarterly rate: a year's answers over four quarters, these five months about 1.6 of them.
    const perQuarterBefore = fixture.surveys.length / 4;
    expect(later.length).toBeGreaterThan(perQuarterBefore * 0.8);
    expect(later.length).toBeLessThan(perQuarterBefore * 2.6);
    const shorter = generateCarriedOnDemo({ usageUntil: '2027-01-15' }).fixture.surveys;
    expect(later.filter((survey) => survey.submittedAt < '2027-01-15')).toEqual(
      shorter.filter((survey) => survey.submittedAt >= asOf),
    );
    const wonDeals = carriedOn.carriedOnDeals.filter((deal) => deal.outcome === 'won').map(asContract);
    for (const survey of later)
      expect(customersOn([...contracts, ...wonDeals], survey.submittedAt.slice(0, 10))).toContain(survey.companyId);
  });

  it('gives the customers of each later day about the usage of the days before, and nobody else any', () => {
    const later = carriedTen.usageEvents.filter((event) => dayOf(event) >= asOf);
    expect(later.every((event) => dayOf(event) < '2026-11-11')).toBe(true);
    // A customer of a later day: by the demo's contracts or by those it carried on (a renewal signed after its day).
    const carriedOn = generateCarriedOnDemo({ usageUntil: '2026-11-11' }).carriedOnDeals;
    const withCarriedOn = [...contracts, ...carriedOn.filter((deal) => deal.outcome === 'won').map(asContract)];
    for (const day of new Set(later.map(dayOf))) {
      const customers = new Set(customersOn(withCarriedOn, day));
      expect(later.filter((event) => dayOf(event) === day).every((event) => customers.has(event.companyId))).toBe(true);
    }
    const usingBefore = new Set(fixture.usageEvents.map((event) => event.companyId));
    const signedAfter = new Set(carriedOn.filter((deal) => deal.kind === 'new').map((deal) => deal.companyIds[0]));
    expect(later.every((event) => usingBefore.has(event.companyId) || signedAfter.has(event.companyId))).toBe(true);
    // Two weeks (weekends included) against the ten days after: the same level of use, give or take chance.
    const lastTwoWeeks = fixture.usageEvents.filter((event) => dayOf(event) >= '2026-10-18').length / 14;
    expect(later.length / 10).toBeGreaterThan(lastTwoWeeks * 0.6);
    expect(later.length / 10).toBeLessThan(lastTwoWeeks * 1.4);
  });
});

const asContract = (deal: DealPlan): ReferenceContract => ({
  dealId: `carried-on ${deal.companyIds[0] ?? ''} ${deal.closeDate} ${deal.product}`,
  companyId: deal.companyIds[0],
  kind: deal.kind,
  product: deal.product,
  seats: deal.seats,
  mrrCents: deal.mrrCents,
  startDate: deal.startDate,
  endDate: deal.endDate,
});

describe('the demo carried on: the deals its customers close after its day', () => {
  const carriedTo = (until: string) => generateCarriedOnDemo({ usageUntil: until }).carriedOnDeals;
  let ninetyDays: DealPlan[];

  beforeAll(() => {
    ninetyDays = carriedTo('2027-01-30');
  });

  it('leaves the demo of its day as it was, and closes each deal from its day up to the day carried to', () => {
    const carried = generateCarriedOnDemo({ usageUntil: '2027-01-30' }).fixture;
    const records = (of: Fixture) => JSON.stringify({ ...of, usageEvents: [], surveys: [] });
    expect(records(carried)).toBe(records(fixture));
    expect(ninetyDays.every((deal) => deal.closeDate >= asOf && deal.closeDate < '2027-01-30')).toBe(true);
    expect(carriedTo(asOf)).toEqual([]);
  });

  it('gives a later day the same deals and those after: a start a month later adds only that month', () => {
    const thirtyDays = carriedTo('2026-12-01');
    expect(thirtyDays.length).toBeGreaterThan(0);
    expect(ninetyDays.filter((deal) => deal.closeDate < '2026-12-01')).toEqual(thirtyDays);
  });

  it('renews most terms that end, as the years before did: churn stays near its rate, not every lapse', () => {
    const ending = contracts.filter(
      (contract) => contract.kind !== 'upsell' && contract.endDate >= '2026-11-26' && contract.endDate < '2027-01-26',
    );
    const companiesEnding = new Set(ending.map((contract) => contract.companyId));
    const renewed = new Set(
      ninetyDays
        .filter((deal) => deal.outcome === 'won' && (deal.kind === 'renewal' || deal.kind === 'downgrade'))
        .map((deal) => deal.companyIds[0]),
    );
    const renewedShare = [...companiesEnding].filter((company) => renewed.has(company)).length / companiesEnding.size;
    expect(companiesEnding.size).toBeGreaterThan(5);
    expect(renewedShare).toBeGreaterThan(0.6);
    expect(renewedShare).toBeLessThan(1);
    expect(ninetyDays.some((deal) => deal.kind === 'renewal' && deal.outcome === 'won')).toBe(true);
  });

  it("closes prospects' open opportunities as they come due, a third won: a new customer, with usage from its start", () => {
    const opportunities = fixture.deals.filter(
      (deal) => deal.properties.dealtype === 'newbusiness' && (deal.properties.closedate ?? '') >= asOf,
    );
    const due = opportunities.filter((deal) => (deal.properties.closedate ?? '').slice(0, 10) < '2027-01-30');
    const signed = ninetyDays.filter((deal) => deal.kind === 'new');
    // Every opportunity due is closed; the others closed are opportunities prospects opened after the demo's day.
    const closedFor = new Set(signed.map((deal) => deal.companyIds[0]));
    expect(due.every((deal) => closedFor.has(deal.companyIds[0]))).toBe(true);
    const prospects = new Set(
      fixture.companies.filter((company) => !company.properties.cs_account_id).map((c) => c.id),
    );
    expect([...closedFor].every((id) => id !== undefined && prospects.has(id))).toBe(true);
    // A prospect signs once.
    const won = signed.filter((deal) => deal.outcome === 'won');
    expect(new Set(won.map((deal) => deal.companyIds[0])).size).toBe(won.length);
    expect(won.length).toBeGreaterThan(0);
    expect(won.length).toBeLessThan(signed.length);

    const usage = generateCarriedOnDemo({ usageUntil: '2027-01-30' }).fixture.usageEvents;
    for (const deal of won) {
      const own = usage.filter((event) => event.companyId === deal.companyIds[0]);
      // A few users, switched on one by one: a customer signed in the last weeks may not have used it yet.
      if (deal.startDate < '2026-12-31') expect(own.length).toBeGreaterThan(0);
      expect(own.every((event) => event.timestamp.slice(0, 10) >= deal.startDate)).toBe(true);
      // Its users switch on over its first weeks: fewer in its first week than in its fifth.
      const usersIn = (from: number) =>
        new Set(
          own
            .filter((event) => {
              const days = (Date.parse(event.timestamp.slice(0, 10)) - Date.parse(deal.startDate)) / 86_400_000;
              return days >= from && days < from + 7;
            })
            .map((event) => event.userId),
        ).size;
      if (deal.startDate < '2026-12-20') expect(usersIn(0)).toBeLessThanOrEqual(usersIn(28));
    }
    // Prospects keep opening opportunities: a year on, customers still sign after the first day's opportunities closed.
    const twoYears = carriedTo('2028-11-01');
    const yearOn = twoYears.filter(
      (deal) => deal.kind === 'new' && deal.outcome === 'won' && deal.closeDate < '2027-11-01',
    );
    expect(yearOn.filter((deal) => deal.closeDate >= '2027-05-01').length).toBeGreaterThan(2);
    // And those signed renew at their term's end (or leave then), not lapse.
    for (const deal of yearOn) {
      const atTermEnd = twoYears.filter(
        (later) =>
          later.companyIds[0] === deal.companyIds[0] && later.kind === 'renewal' && later.startDate === deal.endDate,
      );
      expect(atTermEnd).toHaveLength(1);
      expect((atTermEnd[0]?.closeDate ?? '') < deal.endDate).toBe(true);
    }
    const lost = signed.filter((deal) => deal.outcome === 'lost').map((deal) => deal.companyIds[0]);
    expect(usage.some((event) => lost.includes(event.companyId))).toBe(false);
  });
});
