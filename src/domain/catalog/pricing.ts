/** Integer division of non-negative cents rounded half up, so money never passes through float cents. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(
      `divideRoundHalfUp needs a non-negative integer over a positive integer, got ${numerator}/${denominator}`,
    );
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}
