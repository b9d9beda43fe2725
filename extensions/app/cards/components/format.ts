import type { PayloadMoney, TrendMetric } from '../shared/card-payload';

const fractionDigits: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, HUF: 2, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function formatMoney(money: PayloadMoney): string {
  const digits = fractionDigits[money.currency] ?? 2;
  // Whole amounts without cents ($1,200), others with all of them ($13,336.50, never $13,336.5).
  const shown = money.amountMinor % 10 ** digits === 0 ? 0 : digits;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency, minimumFractionDigits: shown, maximumFractionDigits: shown }).format(
    money.amountMinor / 10 ** digits,
  );
}

export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function formatNumber(value: number | null, suffix = ''): string {
  return value === null ? '—' : `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)}${suffix}`;
}

export function humanize(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The change vs the previous 30 days, as StatisticsTrend wants it; null when either side is missing or equal. */
export function trendOf(metric: TrendMetric, suffix = ''): { value: string; direction: 'increase' | 'decrease' } | null {
  if (metric.current === null || metric.previous === null || metric.current === metric.previous) return null;
  const change = metric.current - metric.previous;
  return { value: `${formatNumber(Math.abs(change), suffix)} vs prior 30 days`, direction: change > 0 ? 'increase' : 'decrease' };
}
