import type { FixtureDeal } from '../fixture-schema';
import { addDays, instantAt, maxDate, minDate } from './calendar';
import { productLabels } from './catalog';
import type { DealKind, DealPlan } from './deal-plan';
import { centsToDecimalString } from './money';
import { stageIds } from './pipelines';
import type { Random } from './random';

const kindLabels: Record<DealKind, string> = {
  new: 'New Business',
  renewal: 'Renewal',
  upsell: 'Seat Expansion',
  cross_sell: 'Cross-sell',
  downgrade: 'Renewal (Downgrade)',
};

/** The deliberate gaps a real portal has, decided per deal before it is written. */
export type DealQuirks = {
  omitMrr: boolean;
  omitTerm: boolean;
  hubspotMrrOnly: boolean;
  omitKind: boolean;
  omitStart: boolean;
  includeEnd: boolean;
};

export const noQuirks: DealQuirks = {
  omitMrr: false,
  omitTerm: false,
  hubspotMrrOnly: false,
  omitKind: false,
  omitStart: false,
  includeEnd: false,
};

function stageOf(plan: DealPlan, random: Random): string {
  const stages = stageIds[plan.pipeline];
  if (plan.outcome === 'won') return stages.won;
  if (plan.outcome === 'lost') return stages.lost;
  return random.pick(stages.open);
}

function timestamps(plan: DealPlan, random: Random, asOf: string) {
  const lastDay = addDays(asOf, -1);
  const leadDays = plan.kind === 'new' ? random.integer(14, 120) : random.integer(20, 75);
  const createdDate = minDate(addDays(plan.closeDate, -leadDays), addDays(lastDay, -random.integer(1, 10)));
  const closeSeconds = random.integer(13 * 3600, 22 * 3600);
  const updatedDate =
    plan.outcome === 'open'
      ? maxDate(createdDate, addDays(lastDay, -random.integer(0, 14)))
      : minDate(addDays(plan.closeDate, random.integer(0, 5)), lastDay);
  return {
    closedate: instantAt(plan.closeDate, closeSeconds),
    createdAt: instantAt(createdDate, random.integer(13 * 3600, 22 * 3600)),
    updatedAt: instantAt(
      updatedDate,
      updatedDate === plan.closeDate ? Math.min(closeSeconds + 60, 86_399) : random.integer(0, 86_399),
    ),
  };
}

export function renderDeal(plan: DealPlan, id: string, quirks: DealQuirks, random: Random, asOf: string): FixtureDeal {
  const { closedate, createdAt, updatedAt } = timestamps(plan, random, asOf);
  const mrr = centsToDecimalString(plan.mrrCents);
  const properties: Record<string, string | null> = {
    dealname: `${plan.companyName} - ${productLabels[plan.product]} ${kindLabels[plan.kind]}`,
    amount: centsToDecimalString(plan.mrrCents * plan.termMonths),
    closedate,
    dealstage: stageOf(plan, random),
    pipeline: stageIds[plan.pipeline].pipeline,
    dealtype: plan.kind === 'new' ? 'newbusiness' : 'existingbusiness',
    hubspot_owner_id: plan.ownerId,
    createdate: createdAt,
    hs_lastmodifieddate: updatedAt,
  };
  if (quirks.hubspotMrrOnly) properties.hs_mrr = mrr;
  else if (!quirks.omitMrr) properties.cs_mrr = mrr;
  if (!quirks.omitTerm) properties.cs_term_months = String(plan.termMonths);
  if (!quirks.omitStart) properties.cs_contract_start = plan.startDate;
  if (plan.explicitEnd || quirks.includeEnd) properties.cs_contract_end = plan.endDate;
  properties.cs_seats = String(plan.seats);
  properties.cs_product = plan.product;
  if (!quirks.omitKind) properties.cs_deal_kind = plan.kind;
  return { id, properties, companyIds: plan.companyIds, createdAt, updatedAt };
}

/** When a rep records a deal closed after the demo's day: the afternoon of its close date. */
export function carriedOnCloseInstant(plan: Pick<DealPlan, 'closeDate'>): string {
  return instantAt(plan.closeDate, 15 * 3600);
}

/**
 * A deal the demo's customer closed after the demo's day, as its rep records it: complete (no data-quality gaps).
 */
export function carriedOnDealProperties(plan: DealPlan): Record<string, string> {
  const stages = stageIds[plan.pipeline];
  return {
    dealname: `${plan.companyName} - ${productLabels[plan.product]} ${kindLabels[plan.kind]}`,
    amount: centsToDecimalString(plan.mrrCents * plan.termMonths),
    closedate: carriedOnCloseInstant(plan),
    pipeline: stages.pipeline,
    dealstage: plan.outcome === 'won' ? stages.won : plan.outcome === 'lost' ? stages.lost : stages.open[0],
    dealtype: plan.kind === 'new' ? 'newbusiness' : 'existingbusiness',
    hubspot_owner_id: plan.ownerId,
    cs_mrr: centsToDecimalString(plan.mrrCents),
    cs_term_months: String(plan.termMonths),
    cs_contract_start: plan.startDate,
    ...(plan.explicitEnd ? { cs_contract_end: plan.endDate } : {}),
    cs_seats: String(plan.seats),
    cs_product: plan.product,
    cs_deal_kind: plan.kind,
  };
}
