import { describe, expect, it } from 'vitest';
import type { SettingsKind } from '../../../src/domain/settings/settings-kind';
import { validateSettings } from '../../../src/domain/settings/settings-validation';

describe('validateSettings', () => {
  it('fills what a document leaves out with the defaults', () => {
    const result = validateSettings('kpi', { lifetimeValue: { grossMarginPercent: 75 } });
    expect(result).toMatchObject({
      valid: true,
      settings: {
        lifetimeValue: { grossMarginPercent: 75, customerAcquisitionCostMinor: null },
        onboarding: { targetDays: 90 },
      },
    });
    expect(validateSettings('health', {})).toMatchObject({
      valid: true,
      settings: { bands: { yellowFrom: 40, greenFrom: 70 } },
    });
  });

  it.each<[SettingsKind, unknown, { field: string; expected: string; sent: string }]>([
    [
      'kpi',
      { lifetimeValue: { grossMarginPercent: 175 } },
      { field: 'lifetimeValue.grossMarginPercent', expected: 'at most 100', sent: '175' },
    ],
    [
      'kpi',
      { lifetimeValue: { grossMarginPercnt: 75 } },
      {
        field: 'lifetimeValue.grossMarginPercnt',
        expected: 'one of grossMarginPercent, customerAcquisitionCostMinor',
        sent: '75',
      },
    ],
    [
      'kpi',
      { periodStartBoundary: 'last-day' },
      { field: 'periodStartBoundary', expected: 'one of "first-day", "previous-day"', sent: '"last-day"' },
    ],
    [
      'kpi',
      { timeZone: 'Asia/Tokyo' },
      { field: 'timeZone', expected: expect.stringContaining('one of periodStartBoundary'), sent: '"Asia/Tokyo"' },
    ],
    [
      'health',
      { profiles: { default: { usage: 'lots' } } },
      { field: 'profiles.default.usage', expected: 'number', sent: '"lots"' },
    ],
    [
      'health',
      { bands: { yellowFrom: 80, greenFrom: 70 } },
      { field: 'bands', expected: 'yellowFrom must be below greenFrom', sent: '{"yellowFrom":80,"greenFrom":70}' },
    ],
    ['health', { profiles: {} }, { field: 'profiles', expected: 'a "default" profile is required', sent: '{}' }],
    [
      'lifecycle',
      { milestones: [{ key: 'Kickoff', label: 'Kickoff', dueOffsetDays: 7 }] },
      { field: 'milestones.0.key', expected: 'text matching /^[a-z][a-z0-9_]*$/', sent: '"Kickoff"' },
    ],
    [
      'lifecycle',
      { touchModel: { highTouchMinMrrCents: 10 } },
      {
        field: 'touchModel',
        expected: 'highTouchMinMrrCents must be at least lowTouchMinMrrCents',
        sent: '{"highTouchMinMrrCents":10}',
      },
    ],
    [
      'catalog',
      { coreProductId: 'missing' },
      { field: 'coreProductId', expected: 'coreProductId must name a product', sent: '"missing"' },
    ],
    ['catalog', { products: [] }, { field: 'products', expected: 'a list of at least 1 entries', sent: '[]' }],
    ['health', [], { field: '(the whole document)', expected: 'an object', sent: '[]' }],
  ])('%s %j: names the field, what it expects and what was sent', (kind, document, problem) => {
    const result = validateSettings(kind, document);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.problems).toContainEqual(expect.objectContaining(problem));
  });

  it('says "(nothing)" for a required value that was not sent', () => {
    const result = validateSettings('health', { profiles: { default: { usage: 30 } } });
    expect(result.valid ? [] : result.problems).toContainEqual(
      expect.objectContaining({ field: 'profiles.default.engagement', expected: 'number', sent: '(nothing)' }),
    );
  });
});
