import type { ChartAxisPair, ChartColor, ChartDataRow, ChartOptions, ChartProps } from '@hubspot/ui-extensions';
import { dayInWords } from '../../domain/text/day-in-words';

// HubSpot's chart palette, close enough for the preview.
const palette: Record<ChartColor, string> = {
  orange: '#ff7a59',
  aqua: '#00bda5',
  purple: '#6a78d1',
  yellow: '#f5c26b',
  pink: '#ea90b1',
  blue: '#0091ae',
  green: '#00a38d',
  darkOrange: '#e0573a',
  darkAqua: '#00a4bd',
  darkPurple: '#4f5ba7',
  darkYellow: '#dbae60',
  darkPink: '#d36d95',
  darkBlue: '#006a7f',
  darkGreen: '#00805f',
};
const defaultOrder: ChartColor[] = ['orange', 'aqua', 'purple', 'yellow', 'pink', 'blue', 'green'];

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category; null where the data has no row. */
  readonly values: ReadonlyArray<number | null>;
}

export interface ChartModel {
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** On a datetime axis, where each category sits in time across the plot (0 to 1) and the axis' labels; null on a
   * category axis, whose categories sit evenly in the data's order. */
  readonly time: { readonly positions: readonly number[]; readonly ticks: readonly TimeTick[] } | null;
}

export interface TimeTick {
  readonly position: number;
  readonly label: string;
}

/** An instant's UTC day in words, as the product writes days: 'Oct 1, 2026'. */
function dayOf(instant: number): string {
  return dayInWords(new Date(instant).toISOString().slice(0, 10));
}

/** A datetime field's value as epoch milliseconds: a timestamp, or a day or instant in ISO form (HubSpot takes both). */
function instantOf(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

/** Four intervals between the first and last instant, each label a day in words. */
function timeTicks(first: number, last: number): TimeTick[] {
  if (last <= first) return [{ position: 0.5, label: dayOf(first) }];
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((position) => ({
    position,
    label: dayOf(first + (last - first) * position),
  }));
  // A span of a few days would repeat a day: each label once, where it first falls.
  return ticks.filter((tick, index) => ticks.findIndex((other) => other.label === tick.label) === index);
}

function rowsOf(data: ChartProps['data']): ChartDataRow[] {
  return Array.isArray(data) ? data : data.data;
}

/** Categories on x, one series per value of `groupFieldByColor` (or one series), colored as the options ask. */
export function chartModel(
  data: ChartProps['data'],
  axes: ChartAxisPair,
  options: ChartOptions | undefined,
): ChartModel {
  const onTime = axes.x.fieldType === 'datetime';
  // A datetime axis runs in time order, whatever the data's order.
  const rows = onTime
    ? [...rowsOf(data)].sort((first, second) => instantOf(first[axes.x.field]) - instantOf(second[axes.x.field]))
    : rowsOf(data);
  const groupField = axes.options?.groupFieldByColor;
  const categories = [...new Set(rows.map((row) => String(row[axes.x.field] ?? '')))];
  const names = groupField
    ? [...new Set(rows.map((row) => String(row[groupField] ?? '')))]
    : [axes.y.label ?? axes.y.field];
  // The stand-in honours what the real component still accepts, deprecated names included.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const order = [...(options?.colorList ?? options?.colors ?? []), ...defaultOrder];
  const series = names.map((name, index) => {
    const named = axes.options?.colors?.[name];
    const color = palette[named ?? order[index % order.length] ?? 'orange'];
    const values = categories.map((category) => {
      const row = rows.find(
        (candidate) =>
          String(candidate[axes.x.field]) === category && (!groupField || String(candidate[groupField]) === name),
      );
      const value = row === undefined ? null : Number(row[axes.y.field]);
      return value === null || Number.isNaN(value) ? null : value;
    });
    return { name, color, values };
  });
  const labels = { xLabel: axes.x.label ?? axes.x.field, yLabel: axes.y.label ?? axes.y.field };
  if (!onTime) return { categories, series, ...labels, time: null };
  const instants = categories.map(instantOf);
  const first = instants[0] ?? 0;
  const last = instants.at(-1) ?? first;
  return {
    categories: instants.map((instant) => dayOf(instant)),
    series,
    ...labels,
    time: {
      positions: instants.map((instant) => (last > first ? (instant - first) / (last - first) : 0.5)),
      ticks: timeTicks(first, last),
    },
  };
}

/** Round tick steps (1, 2, 5 × 10^n) covering [low, high], four or five of them. */
export function niceTicks(low: number, high: number): number[] {
  const span = high - low || Math.abs(high) || 1;
  const rough = span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick <= high + step / 2; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6);
  if ((ticks.at(-1) ?? high) < high) ticks.push((ticks.at(-1) ?? 0) + step);
  return ticks;
}

export function formatTick(value: number): string {
  return new Intl.NumberFormat('en-US', {
    maximumFractionDigits: 1,
    notation: Math.abs(value) >= 10_000 ? 'compact' : 'standard',
  }).format(value);
}
