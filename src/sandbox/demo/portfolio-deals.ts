import type { FixtureDeal } from '../fixture-schema';
import { addDays, addMonths } from './calendar';
import { pricePerSeatCents } from './catalog';
import type { CompanyPlan } from './company-plan';
import type { DealPlan } from './deal-plan';
import { noQuirks, renderDeal, type DealQuirks } from './deal-records';
import type { Random } from './random';

const firstDealId = 18_400_000_001;

function isDerivable(plan: DealPlan): boolean {
  return plan.outcome === 'won' && plan.termMonths > 1;
}

/**
 * Decides which deals carry a real portal's gaps, always at least one of each, so the
 * fallbacks of domain.md 1.1 are exercised by every generated portfolio.
 */
function assignQuirks(plans: readonly DealPlan[], random: Random): DealQuirks[] {
  const quirks = plans.map((plan): DealQuirks => ({
    ...noQuirks,
    omitKind: (plan.kind === 'new' || plan.kind === 'upsell') && random.chance(0.1),
    omitStart: plan.startDate === plan.closeDate && random.chance(0.4),
    includeEnd: random.chance(0.3),
  }));
  const derivable = random.shuffle(
    plans.map((plan, index) => (isDerivable(plan) ? index : -1)).filter((index) => index >= 0),
  );
  const share = Math.max(1, Math.round(derivable.length * 0.025));
  const overTwelve = derivable.filter((index) => plans[index]?.termMonths === 12 && !plans[index].explicitEnd);
  for (const index of overTwelve.slice(0, share)) {
    const quirk = quirks[index];
    if (quirk) Object.assign(quirk, { omitMrr: true, omitTerm: true });
  }
  const remaining = derivable.filter((index) => !quirks[index]?.omitMrr);
  for (const [position, index] of remaining.slice(0, share * 2).entries()) {
    const quirk = quirks[index];
    if (quirk) Object.assign(quirk, position < share ? { omitMrr: true } : { hubspotMrrOnly: true });
  }
  return quirks;
}

/** A self-serve signup whose company association was lost: the deliberate orphan deal. */
function orphanDeal(ownerId: string, asOf: string): DealPlan {
  const closeDate = addDays(asOf, -200);
  return {
    companyIds: [],
    ownerId,
    kind: 'new',
    product: 'core',
    seats: 4,
    mrrCents: 4 * pricePerSeatCents('core', 'smb'),
    termMonths: 12,
    closeDate,
    startDate: closeDate,
    endDate: addMonths(closeDate, 12),
    explicitEnd: false,
    pipeline: 'sales',
    outcome: 'won',
    companyName: 'Self-serve signup',
  };
}

/** The first won cross-sell (else new) deal also gets a sister company as a second association. */
function associateSecondCompany(plans: DealPlan[], companies: readonly CompanyPlan[]): void {
  const sister = companies.find((company) => company.kind === 'prospect');
  const target =
    plans.find((plan) => plan.outcome === 'won' && plan.kind === 'cross_sell') ??
    plans.find((plan) => plan.outcome === 'won' && plan.kind === 'new' && plan.companyIds.length === 1);
  if (sister && target) target.companyIds = [...target.companyIds, sister.id];
}

export function buildPortfolioDeals(
  plans: DealPlan[],
  companies: readonly CompanyPlan[],
  context: { random: Random; asOf: string; orphanOwnerId: string },
): FixtureDeal[] {
  const allPlans = [...plans, orphanDeal(context.orphanOwnerId, context.asOf)];
  associateSecondCompany(allPlans, companies);
  const quirks = assignQuirks(allPlans, context.random.fork('quirks'));
  const recordRandom = context.random.fork('records');
  return allPlans.map((plan, index) =>
    renderDeal(plan, String(firstDealId + index), quirks[index] ?? noQuirks, recordRandom, context.asOf),
  );
}
