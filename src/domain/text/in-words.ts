/** 'COMPUTER_SOFTWARE' -> 'Computer software', 'seatUtilization' -> 'Seat utilization': for values without a label of their own. */
export function inWords(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
