// Shared by the product's SQL path (src/services/kpi) and the reference (period-kpis.ts): exact KPI values.
import { z } from 'zod';
import { divideRoundingHalfUp } from '../contracts/decimal-amount';

export const kpiUnitSchema = z.enum(['percent', 'count', 'minor-units', 'minutes', 'days', 'score']);
export type KpiUnit = z.infer<typeof kpiUnitSchema>;

/**
 * A KPI's value. Ratios keep their integer numerator and denominator so nothing is rounded until
 * display; an empty denominator is 'none' with the reason, never 0, NaN or Infinity.
 */
export const kpiValueSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ratio'),
    unit: kpiUnitSchema,
    value: z.number(),
    numerator: z.number().int(),
    denominator: z.number().int().positive(),
    scale: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('quantity'), unit: kpiUnitSchema, value: z.number().int() }),
  z.object({ kind: z.literal('none'), unit: kpiUnitSchema, value: z.null(), reason: z.string().min(1) }),
]);

export type KpiValue = z.infer<typeof kpiValueSchema>;

/** `numerator / denominator x scale`; scale 100 for percentages. */
export function ratio(
  numerator: number,
  denominator: number,
  unit: KpiUnit,
  emptyReason: string,
  scale = unit === 'percent' ? 100 : 1,
): KpiValue {
  if (denominator === 0) {
    return noValue(unit, emptyReason);
  }
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator < 0) {
    throw new RangeError(`ratio needs safe integers and a positive denominator, got ${numerator}/${denominator}`);
  }
  return { kind: 'ratio', unit, value: (numerator * scale) / denominator, numerator, denominator, scale };
}

export function quantity(value: number, unit: KpiUnit): KpiValue {
  return { kind: 'quantity', unit, value };
}

export function noValue(unit: KpiUnit, reason: string): KpiValue {
  return { kind: 'none', unit, value: null, reason };
}

/** The median as an exact ratio: the middle value, or the sum of the two middle values over 2. */
export function median(values: readonly number[], unit: KpiUnit, emptyReason: string, scaleDivisor = 1): KpiValue {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) {
    return noValue(unit, emptyReason);
  }
  if (sorted.length % 2 === 1) {
    return ratio(sorted[middle] ?? 0, scaleDivisor, unit, emptyReason, 1);
  }
  return ratio((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0), 2 * scaleDivisor, unit, emptyReason, 1);
}

/** Rounds half away from zero for display only, exactly from the stored ratio; null when there is no value. */
export function roundForDisplay(kpi: KpiValue, digits = 2): number | null {
  switch (kpi.kind) {
    case 'none':
      return null;
    case 'quantity':
      return kpi.value;
    case 'ratio': {
      const factor = 10n ** BigInt(digits);
      const scaled = divideRoundingHalfUp(BigInt(kpi.numerator) * BigInt(kpi.scale) * factor, BigInt(kpi.denominator));
      return Number(scaled) / Number(factor);
    }
  }
}
