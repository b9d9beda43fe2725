/**
 * Minor units (cents) to a major-unit number for JSON output. Only for display: sums stay in minor units,
 * and dividing an integer by a power of ten gives the nearest double, which prints with at most `digits` decimals.
 */
export function toMajorUnits(minorUnits: number, digits: number): number {
  return digits === 0 ? minorUnits : Number((minorUnits / 10 ** digits).toFixed(digits));
}
