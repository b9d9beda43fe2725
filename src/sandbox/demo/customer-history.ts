import { addDays, addMonths, daysBetween, monthsBetween } from './calendar';
import { pricePerSeatCents, products, seatRange, type Product, type Tier } from './catalog';
import type { CompanyPlan, Disposition } from './company-plan';
import type { DealKind, DealPlan } from './deal-plan';
import type { Random } from './random';

type Customer = Extract<CompanyPlan, { kind: 'customer' }>;
type DealDates = Pick<DealPlan, 'closeDate' | 'startDate' | 'endDate' | 'termMonths' | 'explicitEnd'>;

// Chances per yearly term; monthly terms use a twelfth of the churn chance per month.
const churnChance: Record<Disposition, number> = {
  champion: 0.03,
  steady: 0.1,
  at_risk: 0.4,
  dormant: 0.55,
  onboarding: 0.05,
};
const upsellChance: Record<Disposition, number> = {
  champion: 0.55,
  steady: 0.25,
  at_risk: 0.05,
  dormant: 0,
  onboarding: 0.1,
};
const crossSellChance: Record<Disposition, number> = {
  champion: 0.35,
  steady: 0.15,
  at_risk: 0.02,
  dormant: 0,
  onboarding: 0.05,
};
const downgradeChance: Record<Disposition, number> = {
  champion: 0.02,
  steady: 0.08,
  at_risk: 0.3,
  dormant: 0.35,
  onboarding: 0.05,
};
const openRenewalHorizonDays = 120;

function termMonthsFor(random: Random, tier: Tier): number {
  if (tier === 'smb')
    return random.weighted([
      [12, 90],
      [1, 10],
    ]);
  if (tier === 'mid_market')
    return random.weighted([
      [12, 80],
      [24, 15],
      [36, 5],
    ]);
  return random.weighted([
    [12, 60],
    [24, 25],
    [36, 15],
  ]);
}

function fullTerm(closeDate: string, startDate: string, termMonths: number): DealDates {
  return { closeDate, startDate, endDate: addMonths(startDate, termMonths), termMonths, explicitEnd: false };
}

/** Mid-term purchases end with the main contract, so the next renewal covers everything at once. */
function coTermed(closeDate: string, termEnd: string): DealDates {
  return {
    closeDate,
    startDate: closeDate,
    endDate: termEnd,
    termMonths: monthsBetween(closeDate, termEnd),
    explicitEnd: true,
  };
}

function dealFactory(company: Customer) {
  return (
    kind: DealKind,
    product: Product,
    seats: number,
    dates: DealDates,
    outcome: DealPlan['outcome'] = 'won',
  ): DealPlan => ({
    companyIds: [company.id],
    ownerId: kind === 'new' || kind === 'cross_sell' ? company.salesOwnerId : company.customerSuccessOwnerId,
    kind,
    product,
    seats,
    mrrCents: seats * pricePerSeatCents(product, company.tier),
    pipeline: kind === 'renewal' || kind === 'downgrade' ? 'renewals' : 'sales',
    outcome,
    companyName: company.name,
    ...dates,
  });
}

/** `carryOn`: the demo carried on after its day, its customers' lives played on to `until` with their own draws. */
export type HistoryContext = { random: Random; asOf: string; carryOn?: { random: Random; until: string } };

/**
 * `deals`: everything before `asOf`, always the same for the same draws. `carriedOn`: the deals closing from `asOf`
 * up to `carryOn.until` (excluded): the mid-term purchases already drawn for after `asOf`, then each term end's
 * renewal, downgrade or churn from the carry-on draws, so the same `until` always gives the same deals, and a later
 * one the same deals and those after.
 */
export type CustomerHistory = { readonly deals: DealPlan[]; readonly carriedOn: DealPlan[] };

/**
 * Plays a customer's life forward term by term until `asOf` (then, carried on, until `carryOn.until`): mid-term
 * upsells and cross-sells, then at each term end a renewal (per product line), a downgrade, or churn.
 */
export function simulateCustomerHistory(company: Customer, context: HistoryContext): CustomerHistory {
  const { asOf, carryOn } = context;
  let random = context.random;
  let until = asOf;
  const { disposition } = company;
  const deal = dealFactory(company);
  const deals: DealPlan[] = [];
  const carriedOn: DealPlan[] = [];
  let plans = deals;
  // A mid-term purchase drawn before `asOf` that closes after it: kept for the demo carried on.
  const drawnForLater: Array<{ closeDate: string; apply: () => DealPlan }> = [];
  const [minimumSeats, maximumSeats] = seatRange[company.tier];
  const lines = new Map<Product, number>([['core', random.integer(minimumSeats, maximumSeats)]]);
  const termMonths = termMonthsFor(random, company.tier);

  // Some contracts are signed ahead and start on the first of the next month; onboarding ones have started.
  const startsNextMonth = disposition !== 'onboarding' && random.chance(0.2);
  let termStart = startsNextMonth ? addMonths(`${company.firstCloseDate.slice(0, 8)}01`, 1) : company.firstCloseDate;
  let termEnd = addMonths(termStart, termMonths);
  deals.push(deal('new', 'core', lines.get('core') ?? 0, fullTerm(company.firstCloseDate, termStart, termMonths)));

  for (;;) {
    if (termMonths >= 12) {
      const latestMidTerm = addDays(termEnd, -45);
      const midTermDate = () =>
        addDays(termStart, random.integer(30, Math.max(30, daysBetween(termStart, latestMidTerm))));
      const isPlausible = (closeDate: string) => closeDate < until && closeDate < latestMidTerm;
      const isForLater = (closeDate: string) => plans === deals && closeDate >= until && closeDate < latestMidTerm;
      if (random.chance(upsellChance[disposition] * (termMonths / 12))) {
        const closeDate = midTermDate();
        const upsell = (share: number) => {
          const core = lines.get('core') ?? 0;
          const added = Math.max(1, Math.round(core * (0.1 + share * 0.3)));
          lines.set('core', core + added);
          return deal('upsell', 'core', added, coTermed(closeDate, termEnd));
        };
        if (isPlausible(closeDate)) plans.push(upsell(random.next()));
        else if (isForLater(closeDate)) drawnForLater.push({ closeDate, apply: () => upsell(random.next()) });
      }
      const missing = products.filter((product) => !lines.has(product));
      if (missing.length > 0 && random.chance(crossSellChance[disposition] * (termMonths / 12))) {
        const closeDate = midTermDate();
        const product = random.pick(missing);
        const seats = Math.max(1, Math.round((lines.get('core') ?? 1) * (0.3 + random.next() * 0.7)));
        const won = random.chance(0.8);
        const crossSell = () => {
          if (won) lines.set(product, seats);
          return deal('cross_sell', product, seats, coTermed(closeDate, termEnd), won ? 'won' : 'lost');
        };
        if (isPlausible(closeDate)) plans.push(crossSell());
        else if (isForLater(closeDate)) drawnForLater.push({ closeDate, apply: crossSell });
      }
    }

    const renewalClose = addDays(termEnd, termMonths === 1 ? 0 : -random.integer(3, 25));
    if (renewalClose >= until) {
      if (plans !== deals || carryOn === undefined) {
        if (plans === deals) pushOpenRenewals(deals, deal, lines, { asOf, termEnd, termMonths, random });
        return { deals, carriedOn };
      }
      pushOpenRenewals(deals, deal, lines, { asOf, termEnd, termMonths, random });
      // Carried on: the same life, drawn from here on from the customer's own carry-on generator.
      ({ random, until } = carryOn);
      plans = carriedOn;
      for (const later of drawnForLater) if (later.closeDate < until) carriedOn.push(later.apply());
      if (renewalClose >= until) return { deals, carriedOn };
    }

    const churnProbability = termMonths === 1 ? churnChance[disposition] / 12 : churnChance[disposition];
    if (random.chance(churnProbability)) {
      // Carried on, the rep always records the loss: the open renewal deal of the term must not stay open for ever.
      if (random.chance(0.6) || plans === carriedOn) {
        plans.push(
          deal('renewal', 'core', lines.get('core') ?? 0, fullTerm(renewalClose, termEnd, termMonths), 'lost'),
        );
      }
      return { deals, carriedOn };
    }

    const downgrade = termMonths > 1 && random.chance(downgradeChance[disposition]);
    // A downgrade either drops a product line (no deal for it) or renews core with fewer seats.
    const dropLine = downgrade && lines.size > 1 && random.chance(0.4);
    if (dropLine) lines.delete(random.pick([...lines.keys()].filter((product) => product !== 'core')));
    for (const [product, seats] of lines) {
      const shrink = downgrade && !dropLine && product === 'core';
      const renewedSeats = shrink ? Math.max(minimumSeats, Math.round(seats * (0.6 + random.next() * 0.25))) : seats;
      lines.set(product, renewedSeats);
      const kind: DealKind = renewedSeats < seats ? 'downgrade' : 'renewal';
      plans.push(deal(kind, product, renewedSeats, fullTerm(renewalClose, termEnd, termMonths)));
    }
    termStart = termEnd;
    termEnd = addMonths(termStart, termMonths);
  }
}

/** The renewal deals a rep has open for a term ending within the horizon after `asOf`, one per product line. */
function pushOpenRenewals(
  deals: DealPlan[],
  deal: ReturnType<typeof dealFactory>,
  lines: ReadonlyMap<Product, number>,
  term: { asOf: string; termEnd: string; termMonths: number; random: Random },
): void {
  const { asOf, termEnd, termMonths, random } = term;
  if (daysBetween(asOf, termEnd) > openRenewalHorizonDays || termMonths <= 1) return;
  for (const [product, seats] of lines) {
    const expectedClose = addDays(termEnd, -random.integer(1, 10));
    deals.push(deal('renewal', product, seats, fullTerm(expectedClose, termEnd, termMonths), 'open'));
  }
}
