import { LineChart, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { HealthTrendSection } from '../../extensions/app/cards/components/health-trend-section';
import { healthTrendPayloadSchema, type HealthTrendPayload } from '../../extensions/app/cards/shared/card-payload';

const trend: HealthTrendPayload = healthTrendPayloadSchema.parse({
  days: [
    { date: '2026-10-29', score: 71, band: 'green' },
    { date: '2026-10-30', score: 71, band: 'green' },
    { date: '2026-10-31', score: 58, band: 'yellow' },
  ],
  lastChange: {
    date: '2026-10-31',
    previousDate: '2026-10-30',
    scoreBefore: 71,
    scoreNow: 58,
    driver: { component: 'usage', label: 'Usage', componentScoreBefore: 80, componentScoreNow: 40, pointsChange: -12 },
    summary: 'Health fell from 71 to 58 on 2026-10-31, mostly from Usage: its score went from 80 to 40 (of 100).',
  },
});

function render(value: HealthTrendPayload | undefined) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<HealthTrendSection trend={value} />);
  return renderer;
}

describe('HealthTrendSection', () => {
  it('charts the daily scores on a time axis and names the driver of the last change', () => {
    const { findByTestId } = render(trend);
    const chart = findByTestId(LineChart, 'health-trend-chart');
    // HubSpot's datetime axis spaces the days by time and labels them itself.
    expect(chart.props.axes.x).toMatchObject({ field: 'date', fieldType: 'datetime' });
    expect(chart.props.data).toEqual([
      { date: '2026-10-29', score: 71 },
      { date: '2026-10-30', score: 71 },
      { date: '2026-10-31', score: 58 },
    ]);
    expect(findByTestId(Text, 'health-last-change').toString()).toContain(
      'mostly from Usage: its score went from 80 to 40',
    );
  });

  it('says there is no trend yet with a single day, and shows nothing without history', () => {
    const single = render({ days: [{ date: '2026-10-31', score: 58, band: 'yellow' }], lastChange: null });
    expect(single.findByTestId(Text, 'health-trend-empty').toString()).toContain('Not enough daily scores yet');
    expect(single.maybeFind(LineChart)).toBeNull();
    expect(render(undefined).maybeFind(Text)).toBeNull();
  });
});
