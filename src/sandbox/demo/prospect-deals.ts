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

// About a third of the open opportunities are won when they come to close.
const winChance = 0.35;

/**
 * The demo carried on to `until`: a prospect's open opportunity that came to its close date before then, won (the
 * company becomes a customer) or lost, drawn from the prospect's own generator.
 */
export function carriedOnProspectDeals(opportunities: readonly DealPlan[], random: Random, until: string): DealPlan[] {
  const open = opportunities.find((plan) => plan.outcome === 'open');
  if (open === undefined || open.closeDate >= until) return [];
  return [{ ...open, outcome: random.chance(winChance) ? 'won' : 'lost' }];
}
