import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { ifStarted } from '../support/if-started';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixturePath = path.join(root, 'test/fixtures/two-currencies.json');

// Hand-computed, in EUR cents (the portal's company currency), each deal converted at the rate in force at its close:
const euroDeal = 100_000; // 1,000.00 EUR, no conversion
const dollarDeal = 113_580; // 1,234.57 USD x 0.92 (closed 2025-03-15) = 1,135.8044 -> 1,135.80
const laterDollarDeal = 84_999; // 999.99 USD x 0.85 (closed 2025-08-02, after the July rate) = 849.9915 -> 849.99
const yenDeal = 91_500; // 150,000 JPY x 0.0061 = 915.00

interface Period {
  readonly period: string;
  readonly newMrr: number;
  readonly endMrr: number;
  readonly startMrr: number;
}

describe('several currencies', () => {
  it(
    'gives KPI figures in the company currency that match hand-computed conversions to the cent',
    { timeout: 240_000 },
    async () => {
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/kpi.ts',
          '--fixture',
          fixturePath,
          '--from',
          '2025-03',
          '--to',
          '2025-10',
          '--as-of',
          '2026-11-15',
          '--json',
        ],
        { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' } },
      );
      const report = JSON.parse(stdout) as { currency: string; periods: Period[] };
      expect(report.currency).toBe('EUR');
      const byMonth = new Map(report.periods.map((period) => [period.period, period]));
      const euros = (cents: number) => cents / 100;
      expect(byMonth.get('2025-03')).toMatchObject({ newMrr: euros(euroDeal), endMrr: euros(euroDeal) });
      expect(byMonth.get('2025-04')).toMatchObject({ newMrr: euros(dollarDeal), endMrr: euros(euroDeal + dollarDeal) });
      expect(byMonth.get('2025-06')).toMatchObject({
        newMrr: euros(yenDeal),
        endMrr: euros(euroDeal + dollarDeal + yenDeal),
      });
      expect(byMonth.get('2025-09')).toMatchObject({
        newMrr: euros(laterDollarDeal),
        endMrr: euros(euroDeal + dollarDeal + yenDeal + laterDollarDeal),
      });
      expect(byMonth.get('2025-10')?.endMrr).toBe(3_900.79);
    },
  );
});

describe('the sandbox as a multi-currency portal', () => {
  let running: RunningSandbox;
  let client: Client;
  beforeAll(async () => {
    const sandbox = createSandbox({ fixture: await loadFixtureFile(fixturePath), rateLimit: false });
    running = await sandbox.start(0);
    client = new Client({ accessToken: 'sandbox-token', basePath: running.url });
  });
  afterAll(async () => ifStarted(running)?.close());

  it('serves its rates as HubSpot does, and refuses a deal in a currency the portal does not have', async () => {
    const rates = await client.apiRequest({ method: 'GET', path: '/settings/currencies/2026-03/exchange-rates' });
    const body = (await rates.json()) as { results: Array<Record<string, unknown>> };
    expect(body.results.map((rate) => [rate.fromCurrencyCode, rate.toCurrencyCode, rate.conversionRate])).toEqual([
      ['USD', 'EUR', 0.92],
      ['USD', 'EUR', 0.85],
      ['JPY', 'EUR', 0.0061],
    ]);
    const details = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(await details.json()).toMatchObject({ companyCurrency: 'EUR', additionalCurrencies: ['USD', 'JPY'] });
    await expect(
      client.crm.deals.basicApi.update('5002', { properties: { deal_currency_code: 'GBP' } }),
    ).rejects.toMatchObject({ code: 400 });
    const kept = await client.crm.deals.basicApi.getById('5002', ['deal_currency_code']);
    expect(kept.properties.deal_currency_code).toBe('USD');
  });
});
