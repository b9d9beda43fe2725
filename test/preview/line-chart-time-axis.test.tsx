import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart, LineChart } from '../../src/preview/ui-extensions/charts';

const october1 = { date: '2026-10-01', score: 80 };
const october8 = { date: '2026-10-08', score: 70 };
const october9 = { date: '2026-10-09', score: 75 };
const days = [october1, october8, october9];

function pointsOf(markup: string): { x: number; title: string }[] {
  return [...markup.matchAll(/<circle cx="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g)].map((match) => ({
    x: Number(match[1]),
    title: match[2] ?? '',
  }));
}

/** The x axis' labels: the days (the y axis' are numbers). */
function axisLabelsOf(markup: string): string[] {
  return [...markup.matchAll(/<text[^>]*fill="#516f90"[^>]*>([^<]*)<\/text>/g)]
    .map((match) => match[1] ?? '')
    .filter((label) => /^[A-Z][a-z]{2} \d/.test(label));
}

describe("the preview's LineChart", () => {
  it('places a datetime axis by time, in time order, with its days in words', () => {
    const markup = renderToStaticMarkup(
      <LineChart
        // Out of order on purpose: a datetime axis sorts by time.
        data={[october9, october1, october8]}
        axes={{ x: { field: 'date', fieldType: 'datetime', label: 'Day' }, y: { field: 'score', fieldType: 'linear' } }}
      />,
    );
    const points = pointsOf(markup);
    expect(points.map((point) => point.title)).toEqual([
      'score, Oct 1, 2026: 80',
      'score, Oct 8, 2026: 70',
      'score, Oct 9, 2026: 75',
    ]);
    const [first, second, third] = points.map((point) => point.x);
    // A week between the first two days, one day between the last two.
    expect(((second ?? 0) - (first ?? 0)) / ((third ?? 0) - (second ?? 0))).toBeCloseTo(7, 5);
    const labels = axisLabelsOf(markup);
    expect(labels).toContain('Oct 1, 2026');
    expect(labels).toContain('Oct 9, 2026');
    expect(markup).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('labels a span of two days with each day once', () => {
    const markup = renderToStaticMarkup(
      <LineChart
        data={[october8, october9]}
        axes={{ x: { field: 'date', fieldType: 'datetime' }, y: { field: 'score', fieldType: 'linear' } }}
      />,
    );
    expect(axisLabelsOf(markup)).toEqual(['Oct 8, 2026', 'Oct 9, 2026']);
  });

  it('keeps a category axis evenly spaced in the data order', () => {
    const markup = renderToStaticMarkup(
      <LineChart
        data={days}
        axes={{ x: { field: 'date', fieldType: 'category' }, y: { field: 'score', fieldType: 'linear' } }}
      />,
    );
    const [first, second, third] = pointsOf(markup).map((point) => point.x);
    expect((second ?? 0) - (first ?? 0)).toBeCloseTo((third ?? 0) - (second ?? 0), 5);
  });

  it('draws bars of a datetime field side by side in time order', () => {
    const markup = renderToStaticMarkup(
      <BarChart
        data={[october8, october1]}
        axes={{ x: { field: 'date', fieldType: 'datetime' }, y: { field: 'score', fieldType: 'linear' } }}
      />,
    );
    const titles = [...markup.matchAll(/<rect[^>]*><title>([^<]*)<\/title>/g)].map((match) => match[1]);
    expect(titles).toEqual(['score, Oct 1, 2026: 80', 'score, Oct 8, 2026: 70']);
  });
});
