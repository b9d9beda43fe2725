/** HubSpot number properties are decimal strings in major units: 1234.5 dollars is "1234.50", 1200 is "1200". */
export function centsToDecimalString(cents: number): string {
  if (!Number.isInteger(cents)) throw new Error(`cents must be an integer: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const whole = Math.floor(absolute / 100);
  const fraction = absolute % 100;
  return fraction === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(fraction).padStart(2, '0')}`;
}
