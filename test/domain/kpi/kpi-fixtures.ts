import type { Contract, DealKind } from '../../../src/domain/contracts/contract-schema';
import type { KpiInput } from '../../../src/domain/kpi/kpi-input';
import type { KpiValue } from '../../../src/domain/kpi/kpi-value';

export function contract(
  companyId: string,
  mrrMinor: number,
  startDate: string,
  endDate: string,
  extra: { kind?: DealKind; closeDate?: string; seats?: number | null; product?: string } = {},
): Contract {
  return {
    dealId: `${companyId}-${startDate}-${mrrMinor}`,
    companyId,
    kind: extra.kind ?? 'new',
    product: extra.product ?? 'core',
    mrrMinor,
    startDate,
    endDate,
    seats: extra.seats ?? null,
    closeDate: extra.closeDate ?? startDate,
  };
}

/**
 * March 2026, computed by hand:
 * A 10,000 steady + cross-sell 2,500 from Mar 15 (expansion 2,500); B 20,000 ends Mar 15 (churned);
 * C 5,000 + upsell 3,000 from Mar 10 (expansion 3,000); D 8,000 downgraded to 6,000 on Mar 20
 * (contraction 2,000); E new 4,000 on Mar 5 + upsell 1,000 on Mar 20 (new 5,000); F joins Mar 3 and
 * leaves Mar 25; G has only a zero-priced contract.
 */
export const marchContracts: Contract[] = [
  contract('A', 10_000, '2025-01-01', '2027-01-01'),
  contract('A', 2_500, '2026-03-15', '2027-01-01', {
    kind: 'cross_sell',
    closeDate: '2026-03-14',
    product: 'analytics',
  }),
  contract('B', 20_000, '2025-06-01', '2026-03-15'),
  contract('C', 5_000, '2025-01-01', '2027-01-01'),
  contract('C', 3_000, '2026-03-10', '2027-01-01', { kind: 'upsell', closeDate: '2026-03-09' }),
  contract('D', 8_000, '2025-01-01', '2026-03-20'),
  contract('D', 6_000, '2026-03-20', '2027-03-20', { kind: 'downgrade' }),
  contract('E', 4_000, '2026-03-05', '2027-03-05'),
  contract('E', 1_000, '2026-03-20', '2027-03-05', { kind: 'upsell', closeDate: '2026-03-19' }),
  contract('F', 1_000, '2026-03-03', '2026-03-25'),
  contract('G', 0, '2025-01-01', '2027-01-01', { seats: 5 }),
];

export function emptyInput(overrides: Partial<KpiInput> = {}): KpiInput {
  return {
    companies: [],
    contracts: [],
    usageEvents: [],
    surveyResponses: [],
    onboardings: [],
    asOfDate: '2026-04-15',
    coreProductId: 'core',
    ...overrides,
  };
}

/** The exact numerator/denominator of a ratio, for assertions. */
export function fraction(kpi: KpiValue): [number, number] | string {
  if (kpi.kind === 'ratio') {
    return [kpi.numerator, kpi.denominator];
  }
  return kpi.kind === 'none' ? `none: ${kpi.reason}` : `quantity ${kpi.value}`;
}
