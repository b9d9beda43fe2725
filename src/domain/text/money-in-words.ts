/**
 * Minor units in words as the card shows money: whole amounts without cents ($1,200), others with all of them
 * ($13,336.50, never $13,336.5).
 */
export function moneyInWords(amountMinor: number, currency: string, digits: number): string {
  const shown = amountMinor % 10 ** digits === 0 ? 0 : digits;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: shown,
    maximumFractionDigits: shown,
  }).format(amountMinor / 10 ** digits);
}
