import type { LifecycleStage, MeasureUnit, PayloadMoney, TrendMetric } from '../shared/card-payload';

const fractionDigits: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  HUF: 2,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export function formatMoney(money: PayloadMoney): string {
  const digits = fractionDigits[money.currency] ?? 2;
  // Whole amounts without cents ($1,200), others with all of them ($13,336.50, never $13,336.5).
  const shown = money.amountMinor % 10 ** digits === 0 ? 0 : digits;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: shown,
    maximumFractionDigits: shown,
  }).format(money.amountMinor / 10 ** digits);
}

export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function formatNumber(value: number | null, suffix = ''): string {
  return value === null
    ? '—'
    : `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)}${suffix}`;
}

export const stageLabels: Record<LifecycleStage, string> = {
  introduction: 'Introduction',
  operation: 'Operation',
  adoption: 'Adoption',
  established: 'Established',
};

export const contractStatusLabels = { active: 'Active', upcoming: 'Upcoming', ended: 'Ended' } as const;

const unitWords: Partial<Record<MeasureUnit, readonly [string, string]>> = {
  days: ['day', 'days'],
  users: ['user', 'users'],
  seats: ['seat', 'seats'],
  features: ['feature', 'features'],
  milestones: ['milestone', 'milestones'],
};

/** A measured value with its unit: '82.5%', '+12%', '120 days', '12.5 min', '9 / 10'. */
export function formatMeasure(value: number | null, unit: MeasureUnit): string {
  if (value === null) return '—';
  const words = unitWords[unit];
  if (words) return `${formatNumber(value)} ${value === 1 ? words[0] : words[1]}`;
  switch (unit) {
    case 'percent':
      return formatNumber(value, '%');
    case 'percent_change':
      return `${value > 0 ? '+' : ''}${formatNumber(value, '%')}`;
    case 'minutes':
      return formatNumber(value, ' min');
    case 'score_of_10':
      return `${formatNumber(value)} / 10`;
    case 'score_of_5':
      return `${formatNumber(value)} / 5`;
    default:
      return formatNumber(value);
  }
}

/** The change vs the previous 30 days, as StatisticsTrend wants it; null when either side is missing or equal. */
export function trendOf(
  metric: TrendMetric,
  suffix = '',
): { value: string; direction: 'increase' | 'decrease' } | null {
  if (metric.current === null || metric.previous === null || metric.current === metric.previous) return null;
  const change = metric.current - metric.previous;
  return {
    value: `${formatNumber(Math.abs(change), suffix)} vs prior 30 days`,
    direction: change > 0 ? 'increase' : 'decrease',
  };
}
