import { addDays, addMonths, daysBetween } from './calendar';
import { pricePerSeatCents, seatRange } from './catalog';
import type { CompanyPlan } from './company-plan';
import type { DealPlan } from './deal-plan';
import type { Random } from './random';

type Prospect = Extract<CompanyPlan, { kind: 'prospect' }>;

function newBusinessPlan(company: Prospect, random: Random, closeDate: string, outcome: DealPlan['outcome']): DealPlan {
  const [minimumSeats, maximumSeats] = seatRange[company.tier];
  const seats = random.integer(minimumSeats, maximumSeats);
  return {
    companyIds: [company.id],
    ownerId: company.salesOwnerId,
    kind: 'new',
    product: 'core',
    seats,
    mrrCents: seats * pricePerSeatCents('core', company.tier),
    termMonths: 12,
    closeDate,
    startDate: closeDate,
    endDate: addMonths(closeDate, 12),
    explicitEnd: false,
    pipeline: 'sales',
    outcome,
    companyName: company.name,
  };
}

/** Open opportunities and lost attempts: deals that must never count as contracts. */
export function prospectDeals(company: Prospect, random: Random, asOf: string): DealPlan[] {
  const deals: DealPlan[] = [];
  const age = daysBetween(company.createdDate, asOf);
  if (age > 45 && random.chance(0.4)) {
    deals.push(newBusinessPlan(company, random, addDays(company.createdDate, random.integer(20, age - 10)), 'lost'));
  }
  if (company.stage === 'opportunity') {
    deals.push(newBusinessPlan(company, random, addDays(asOf, random.integer(7, 120)), 'open'));
  }
  return deals;
}

// About a third of the opportunities are won when they come to close.
const winChance = 0.35;
// A prospect not being worked opens an opportunity in about a quarter of the quarters after the demo's day: with the
// demo's fifty-odd prospects, one or two new customers a month, as in its year before.
const quarterlyOpportunityChance = 0.25;
const quarterDays = 91;

/**
 * The demo carried on to `until`: a prospect's open opportunity that came to its close date before then, won (the
 * company becomes a customer) or lost; then, while it is not a customer, the opportunities it opens quarter by quarter
 * and their outcome. Each draw comes from the prospect's own generators, so a later `until` gives the same deals and
 * those after.
 */
export function carriedOnProspectDeals(
  company: Prospect,
  opportunities: readonly DealPlan[],
  random: Random,
  asOf: string,
  until: string,
): DealPlan[] {
  const deals: DealPlan[] = [];
  const open = opportunities.find((plan) => plan.outcome === 'open');
  let busyUntil = asOf;
  if (open !== undefined) {
    if (open.closeDate >= until) return deals;
    const won = random.chance(winChance);
    deals.push({ ...open, outcome: won ? 'won' : 'lost' });
    if (won) return [...deals, ...renewalsOf(company, { ...open, outcome: 'won' }, random, until)];
    busyUntil = open.closeDate;
  }
  for (let quarterStart = asOf; quarterStart < until; quarterStart = addDays(quarterStart, quarterDays)) {
    const quarter = random.fork(`opportunity ${quarterStart}`);
    if (!quarter.chance(quarterlyOpportunityChance)) continue;
    const openedOn = addDays(quarterStart, quarter.integer(0, quarterDays - 1));
    const closeDate = addDays(openedOn, quarter.integer(30, 120));
    const won = quarter.chance(winChance);
    // Still working on the last one; an opportunity not closed yet holds back the quarters after it.
    if (openedOn < busyUntil) continue;
    if (closeDate >= until) break;
    const signed = newBusinessPlan(company, quarter, closeDate, won ? 'won' : 'lost');
    deals.push(signed);
    if (won) return [...deals, ...renewalsOf(company, signed, random, until)];
    busyUntil = closeDate;
  }
  return deals;
}

// A customer signed after the demo's day renews yearly, or leaves at one of its term ends (a steady account's rate).
const yearlyChurnChance = 0.1;

/** The renewals of a contract signed after the demo's day, each term end drawn from its own generator. */
function renewalsOf(company: Prospect, signed: DealPlan, random: Random, until: string): DealPlan[] {
  const renewals: DealPlan[] = [];
  for (let termEnd = signed.endDate; ; termEnd = addMonths(termEnd, signed.termMonths)) {
    const term = random.fork(`renewal ${termEnd}`);
    const closeDate = addDays(termEnd, -term.integer(3, 25));
    if (closeDate >= until) return renewals;
    const churned = term.chance(yearlyChurnChance);
    renewals.push({
      ...signed,
      kind: 'renewal',
      ownerId: company.customerSuccessOwnerId,
      pipeline: 'renewals',
      outcome: churned ? 'lost' : 'won',
      closeDate,
      startDate: termEnd,
      endDate: addMonths(termEnd, signed.termMonths),
      explicitEnd: false,
    });
    if (churned) return renewals;
  }
}
