// Shared by the product's SQL path (src/services/kpi) and the reference (period-kpis.ts): LTV from a period's aggregates.
import { z } from 'zod';
import { divideRoundingHalfUp, parseDecimalAmount, type DecimalAmount } from '../contracts/decimal-amount';
import type { Period } from '../time/periods';
import type { KpiSettings } from './kpi-settings';
import { noValue, quantity, type KpiValue } from './kpi-value';
import type { MrrMovements } from './mrr-movements';
import { noStartCustomersReason, type PeriodStartBoundary } from './start-reasons';

/** Seed 000: average purchase price x gross margin x purchases per year x expected years - CAC. */
export const purchaseLifetimeValueInputSchema = z.object({
  averagePurchasePriceMinor: z.number().int().nonnegative(),
  grossMarginPercent: z.number().min(0).max(100),
  purchasesPerYear: z.number().nonnegative(),
  expectedYears: z.number().nonnegative(),
  customerAcquisitionCostMinor: z.number().int().nonnegative().default(0),
});

export type PurchaseLifetimeValueInput = z.input<typeof purchaseLifetimeValueInputSchema>;

function exactDecimal(value: number): DecimalAmount {
  const decimal = parseDecimalAmount(String(value));
  if (decimal === null) {
    throw new RangeError(`${value} is not a plain decimal number`);
  }
  return decimal;
}

function safeMinorUnits(value: bigint): KpiValue {
  const minorUnits = Number(value);
  return Number.isSafeInteger(minorUnits)
    ? quantity(minorUnits, 'minor-units')
    : noValue('minor-units', 'the lifetime value is out of range');
}

/** Exact: the factors multiply as decimals and the product is rounded half-up to the minor unit once. */
export function purchaseLifetimeValue(input: PurchaseLifetimeValueInput): KpiValue {
  const parsed = purchaseLifetimeValueInputSchema.parse(input);
  const factors = [parsed.grossMarginPercent, parsed.purchasesPerYear, parsed.expectedYears].map(exactDecimal);
  const numerator = factors.reduce(
    (product, factor) => product * factor.units,
    BigInt(parsed.averagePurchasePriceMinor),
  );
  const denominator = factors.reduce((product, factor) => product * 10n ** BigInt(factor.scale), 100n);
  return safeMinorUnits(divideRoundingHalfUp(numerator, denominator) - BigInt(parsed.customerAcquisitionCostMinor));
}

/**
 * SaaS form: ARPA x gross margin / monthly revenue churn rate, minus CAC when configured. With ARPA =
 * start / abs(S) and churn = (contraction + churn) / start this is start^2 x margin / (abs(S) x lost).
 */
export function saasLifetimeValue(
  movements: MrrMovements,
  startCustomers: number,
  period: Period,
  settings: KpiSettings['lifetimeValue'],
  boundary: PeriodStartBoundary,
): KpiValue {
  if (period.kind !== 'month') {
    return noValue('minor-units', 'the SaaS lifetime value needs a monthly revenue churn rate: use a month period');
  }
  if (settings.grossMarginPercent === null) {
    return noValue('minor-units', 'gross margin is not configured');
  }
  if (startCustomers === 0 || movements.startMrr === 0) {
    return noValue('minor-units', noStartCustomersReason(boundary));
  }
  const lostMrr = movements.contractionMrr + movements.churnedMrr;
  if (lostMrr === 0) {
    return noValue('minor-units', 'no revenue churn in the period, so the expected lifetime is unbounded');
  }
  const margin = exactDecimal(settings.grossMarginPercent);
  const startMrr = BigInt(movements.startMrr);
  const numerator = startMrr * startMrr * margin.units;
  const denominator = BigInt(startCustomers) * BigInt(lostMrr) * 10n ** BigInt(margin.scale) * 100n;
  return safeMinorUnits(
    divideRoundingHalfUp(numerator, denominator) - BigInt(settings.customerAcquisitionCostMinor ?? 0),
  );
}
