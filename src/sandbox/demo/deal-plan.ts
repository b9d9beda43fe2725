import type { Product } from './catalog';
import type { PipelineName } from './pipelines';

export const dealKinds = ['new', 'renewal', 'upsell', 'cross_sell', 'downgrade'] as const;
export type DealKind = (typeof dealKinds)[number];

/** A deal before it is written in HubSpot's shape; won deals are the contracts of domain.md 1.1. */
export type DealPlan = {
  companyIds: string[];
  ownerId: string;
  kind: DealKind;
  product: Product;
  seats: number;
  mrrCents: number;
  termMonths: number;
  closeDate: string;
  startDate: string;
  endDate: string;
  /** Set when the end is not start + term, e.g. an upsell co-termed with the main contract. */
  explicitEnd: boolean;
  pipeline: PipelineName;
  outcome: 'won' | 'lost' | 'open';
  companyName: string;
};

/** A company's won deals as date ranges, to answer "is it a customer on day d" while generating. */
export type ContractSpan = { startDate: string; endDate: string; mrrCents: number; seats: number; product: Product };

export function isCustomerOn(spans: readonly ContractSpan[], date: string): boolean {
  return spans.some((span) => span.startDate <= date && date < span.endDate && span.mrrCents > 0);
}

export function seatsOn(spans: readonly ContractSpan[], date: string, product: Product): number {
  return spans
    .filter((span) => span.product === product && span.startDate <= date && date < span.endDate)
    .reduce((sum, span) => sum + span.seats, 0);
}

export function productsOn(spans: readonly ContractSpan[], date: string): Product[] {
  const owned = new Set(
    spans.filter((span) => span.startDate <= date && date < span.endDate).map((span) => span.product),
  );
  return [...owned].sort();
}

export function spansOf(deals: readonly DealPlan[]): ContractSpan[] {
  return deals
    .filter((deal) => deal.outcome === 'won')
    .map(({ startDate, endDate, mrrCents, seats, product }) => ({ startDate, endDate, mrrCents, seats, product }));
}
