import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMonth } from '../../extensions/app/pages/components/format';
import {
  managerPortfolioPayloadSchema,
  type ManagerPortfolioPayload,
} from '../../extensions/app/pages/shared/manager-payload';
import type { DatabaseHandle } from '../../src/db/client';
import { managerPreviewApiPath } from '../../src/http/routes/manager-preview-routes';
import { managerModule } from '../../src/http/routes/manager-routes';
import { expectNoCodeNames } from '../e2e/code-names';
import { startPreviewService, type RunningPreview } from '../e2e/preview-service';
import { ifStarted } from '../support/if-started';
import { openMemoryDatabase } from '../support/pglite-template';
import { present } from '../support/present';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Gitignored: one picture per chart, to look at after a run.
const screenshots = new URL('../../test-results/charts/', import.meta.url).pathname;
const chromiumInstalled = existsSync(chromiumPath);
if (!chromiumInstalled && process.env.CI)
  throw new Error(`${chromiumPath} is missing: install Debian's chromium package to run the end-to-end test`);

describe.skipIf(!chromiumInstalled)(
  'manager view charts in headless Chromium, on the demo with its health history',
  () => {
    let handle: DatabaseHandle;
    let preview: RunningPreview;
    let browser: Browser;
    let page: Page;
    let payload: ManagerPortfolioPayload;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      handle = await openMemoryDatabase();
      preview = await startPreviewService(handle.db, { companies: 80, healthHistory: true }, [
        managerModule({ preview: true }),
      ]);
      const response = await fetch(`${preview.url}${managerPreviewApiPath}?cut=owner`);
      expect(response.status).toBe(200);
      payload = managerPortfolioPayloadSchema.parse(await response.json());
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
    }, 300_000);
    afterAll(async () => {
      await ifStarted(browser)?.close();
      await ifStarted(preview)?.close();
      await ifStarted(handle)?.close();
    });

    /** The chart's drawn marks and its axis and legend words, after a screenshot of it. */
    async function chartOf(testId: string, mark: string) {
      const chart = page.getByTestId(testId);
      await chart.scrollIntoViewIfNeeded();
      await chart.screenshot({ path: `${screenshots}${testId}.png` });
      return { marks: await chart.locator(`svg ${mark}`).count(), text: await chart.innerText() };
    }

    it('charts MRR movements by month in the currency, the running month marked as to date', async () => {
      await page.goto(`${preview.url}/manager`);
      await page.getByTestId('manager-ready').waitFor({ timeout: 30_000 });
      const current = present(payload.months.at(-1), 'the current month');
      expect(current.partial).toBe(true);
      const chart = await chartOf('mrr-movements-chart', 'rect');
      expect(chart.marks).toBeGreaterThan(0);
      for (const word of ['New', 'Expansion', 'Contraction', 'Churn', 'Month', `MRR (${payload.currency})`])
        expect(chart.text).toContain(word);
      expect(chart.text).toContain(`${formatMonth(current.period)} (to date)`);
      expectNoCodeNames(await page.getByTestId('mrr-movements-section').innerText());
      expect(pageErrors).toEqual([]);
    });

    it('shows the cohorts as a heat map of revenue retention', async () => {
      await page.goto(`${preview.url}/manager`);
      const heatMap = page.getByTestId('cohort-heat-map');
      await heatMap.waitFor({ timeout: 30_000 });
      await page.getByTestId('cohort-heat-map-section').screenshot({ path: `${screenshots}cohort-heat-map.png` });
      const cohorts = present(payload.retention, 'the cohorts').cohorts.filter((cohort) => cohort.size > 0);
      expect(cohorts.length).toBeGreaterThan(0);
      expect(await heatMap.locator('tbody tr').count()).toBe(cohorts.length);
      expect(await heatMap.locator('.hs-status-tag').count()).toBeGreaterThan(cohorts.length);
      // textContent: the header is upper-cased by style, the words are not.
      const text = (await heatMap.textContent()) ?? '';
      expect(text).toContain('First month');
      expect(text).toContain(formatMonth(present(cohorts[0], 'a cohort').cohort));
      expect(text).toMatch(/\d+%/);
      expect(pageErrors).toEqual([]);
    });

    it('charts the health band distribution over the months the demo history covers', async () => {
      await page.goto(`${preview.url}/manager`);
      await page.getByTestId('manager-ready').waitFor({ timeout: 30_000 });
      // The demo scores its past weeks at start-up: more than the current month has bands on first start.
      expect(payload.health.byMonth.length).toBeGreaterThanOrEqual(3);
      const chart = await chartOf('health-bands-chart', 'rect');
      expect(chart.marks).toBeGreaterThanOrEqual(payload.health.byMonth.length);
      for (const word of ['Healthy', 'Needs attention', 'At risk', 'Customers']) expect(chart.text).toContain(word);
      for (const month of payload.health.byMonth.slice(0, -1)) expect(chart.text).toContain(formatMonth(month.month));
      expect(chart.text).toContain('(to date)');
      expect(pageErrors).toEqual([]);
    });

    it('charts renewals by month on the renewals page, in the currency', async () => {
      await page.goto(`${preview.url}/manager/renewals`);
      await page.getByTestId('renewals-page').waitFor({ timeout: 30_000 });
      await page.getByTestId('renewals-window').selectOption({ label: '180 days' });
      await page.getByTestId('renewals-by-month-chart').waitFor({ timeout: 30_000 });
      const chart = await chartOf('renewals-by-month-chart', 'rect');
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.text).toContain('MRR up for renewal');
      expect(chart.text).toContain('Month of renewal');
      expect(chart.text).toContain(`MRR (${payload.currency})`);
      expect(chart.text).toContain(formatMonth(preview.asOf.slice(0, 7)).split(' ')[1]);
      expectNoCodeNames(await page.getByTestId('renewals-page').innerText());
      expect(pageErrors).toEqual([]);
    });
  },
);
