import { LoadingSpinner, Select, TableRow } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import { describe, expect, it } from 'vitest';
import { renderManagerPage } from './render-manager-page';
import { expectNoCodeNames } from '../e2e/code-names';
import { renderedText } from '../support/rendered-text';
import { renewalsPayloadSchema, type RenewalsPayload } from '../../extensions/app/pages/shared/renewals-payload';

const renewalsUrl = 'https://cs.example.com/hubspot/home/manager-renewals';

const row = (companyId: string, companyName: string, renewalDate: string, amount: number, churnPercent: number) => ({
  companyId,
  companyName,
  csm: 'Aiko Sato',
  renewalDate,
  daysToRenewal: 10,
  amount,
  churnPercent,
  exposure: Math.round(amount * churnPercent) / 100,
  healthScore: 35,
  healthBand: 'red' as const,
  topDriver: '3 of 20 seats used in the last 30 days',
  renewalDeal: null,
});

const payload: RenewalsPayload = renewalsPayloadSchema.parse({
  asOf: '2026-12-04',
  currency: 'USD',
  within: 90,
  csm: null,
  method: 'model',
  reason: 'AUC 0.85 is above chance',
  csms: [
    { id: '1', name: 'Aiko Sato' },
    { id: '2', name: 'Ben Ito' },
  ],
  totals: { renewals: 2, amountUp: 3000, atRisk: 700 },
  // The service sends them riskiest money first.
  renewals: [row('11', 'Umbrella KK', '2027-02-01', 2000, 30), row('12', 'Initech', '2026-12-20', 1000, 10)],
  forecast: {
    quarter: '2026-Q4',
    partial: true,
    renewals: 14,
    amountUp: 25000,
    expectedRenewed: 21000,
    interval: [19000, 23000],
    atRisk: 4000,
  },
});

describe('the renewals page', () => {
  it('deep-links to /renewals and lists the renewals of the next 90 days, riskiest money first, with the forecast', async () => {
    const { renderer, urls } = renderManagerPage('/renewals', payload);
    expect(renderer.find(PageTitle).text).toBe('Renewals');
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toEqual([`${renewalsUrl}?within=90`]);
    const text = renderer.getRootNode().toString();
    expect(text).toContain('Umbrella KK');
    expect(text).toContain('$600');
    expect(text).toContain('30%');
    expect(text).toContain('Forecast for Q4 2026 (Oct–Dec), in progress');
    expect(text).toContain('95% interval $19,000 – $23,000');
    // The model's check is said in words; its statistic stays in the API.
    expect(text).toContain("Chance of churn from a model trained on this portal's past renewals");
    expect(text).not.toContain('AUC');
    expectNoCodeNames(renderedText(renderer.getRootNode()));
    expect(text.indexOf('Umbrella KK')).toBeLessThan(text.indexOf('Initech'));
  });

  it('asks again for another window or one CSM, and sorts by date on request', async () => {
    const { renderer, urls } = renderManagerPage('/renewals', payload);
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    renderer.findByTestId(Select, 'renewals-window').trigger('onChange', '180' as never);
    await renderer.waitFor(() => expect(urls).toContain(`${renewalsUrl}?within=180`));
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    renderer.findByTestId(Select, 'renewals-csm').trigger('onChange', '2' as never);
    await renderer.waitFor(() => expect(urls).toContain(`${renewalsUrl}?within=180&csm=2`));
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    renderer.findByTestId(Select, 'renewals-order').trigger('onChange', 'date' as never);
    await renderer.waitFor(() => {
      const text = renderer.getRootNode().toString();
      expect(text.indexOf('Initech')).toBeLessThan(text.indexOf('Umbrella KK'));
    });
    expect(renderer.findAll(TableRow)).toHaveLength(3);
  });
});
