import type { BandCounts, lifecycleStageNames } from '../shared/manager-payload';

export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)}%`;
}

export function formatDays(value: number | null): string {
  return value === null ? '—' : `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)} days`;
}

/** Major units, whole: the manager reads books of business, not cents. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
}

/** '2026-12-06' -> 'Dec 6, 2026', as the card shows a day. */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** '2026-03' -> 'Mar 2026' */
export function formatMonth(month: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** '2026-Q4' -> 'Q4 2026 (Oct–Dec)': the months say which quarter a fiscal-year reader means. */
export function formatQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const number = Number(quarter.slice(-1));
  const monthName = (monthIndex: number) =>
    new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, monthIndex, 1)),
    );
  return `Q${number} ${year} (${monthName((number - 1) * 3)}–${monthName((number - 1) * 3 + 2)})`;
}

/** A month on a chart's axis; a month still running says so, since its figures count only what has happened yet. */
export function chartMonthLabel(month: { readonly period: string; readonly partial: boolean }): string {
  return month.partial ? `${formatMonth(month.period)} (to date)` : formatMonth(month.period);
}

export const stageLabels: Record<(typeof lifecycleStageNames)[number], string> = {
  introduction: 'Introduction',
  operation: 'Operation',
  adoption: 'Adoption',
  established: 'Established',
};

export const bandLabels: Record<keyof BandCounts, string> = {
  green: 'Healthy',
  yellow: 'Needs attention',
  red: 'At risk',
};
export const bandVariants = { green: 'success', yellow: 'warning', red: 'danger' } as const;

/**
 * Why the figures a row shows have no value, in words, for those of `shown` (field -> its label on screen)
 * that are null: 'NRR: no MRR at the end of the previous period'.
 */
export function noValueNotes(
  noValue: Readonly<Record<string, string>>,
  shown: Readonly<Record<string, string>>,
): string[] {
  return Object.entries(shown).flatMap(([field, label]) => {
    const reason = noValue[field];
    return reason === undefined ? [] : [`${label}: ${reason}`];
  });
}
