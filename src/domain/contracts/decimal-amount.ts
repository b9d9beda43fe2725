const decimalPattern = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))$/;

/** An exact decimal: `units / 10^scale`. HubSpot sends numbers as decimal strings; floats would lose cents. */
export type DecimalAmount = { units: bigint; scale: number };

/** Parses '1234', '-5', '1000.005', '.5'; null for anything else (exponents, commas, currency signs). */
export function parseDecimalAmount(text: string): DecimalAmount | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) {
    return null;
  }
  const [, sign, integerDigits, fractionDigits, bareFraction] = match;
  const fraction = fractionDigits ?? bareFraction ?? '';
  const magnitude = BigInt(`${integerDigits ?? '0'}${fraction}`);
  return { units: sign === '-' ? -magnitude : magnitude, scale: fraction.length };
}

/** Rounds `numerator / denominator` half away from zero; `denominator` must be positive. */
export function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

/**
 * `amount / divisor` in integer minor units, rounded half-up once. Null when the result is not a safe
 * JavaScript integer.
 */
export function toMinorUnits(amount: DecimalAmount, minorUnitDigits: number, divisor = 1): number | null {
  const numerator = amount.units * 10n ** BigInt(minorUnitDigits);
  const denominator = 10n ** BigInt(amount.scale) * BigInt(divisor);
  const minorUnits = Number(divideRoundingHalfUp(numerator, denominator));
  return Number.isSafeInteger(minorUnits) ? minorUnits : null;
}
