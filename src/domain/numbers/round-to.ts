/** `value` to `digits` decimals, halves rounded up as `Math.round` does. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
