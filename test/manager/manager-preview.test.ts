import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMonth, formatPercent } from '../../extensions/app/pages/components/format';
import {
  managerPortfolioPayloadSchema,
  type ManagerPortfolioPayload,
} from '../../extensions/app/pages/shared/manager-payload';
import type { DatabaseHandle } from '../../src/db/client';
import { openMemoryDatabase } from '../support/pglite-template';
import { managerPreviewApiPath } from '../../src/http/routes/manager-preview-routes';
import { managerModule } from '../../src/http/routes/manager-routes';
import { expectNoCodeNames } from '../e2e/code-names';
import { startPreviewService, type RunningPreview } from '../e2e/preview-service';
import { ifStarted } from '../support/if-started';

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
const screenshots = new URL('../../test-results/', import.meta.url).pathname;
const chromiumInstalled = existsSync(chromiumPath);
if (!chromiumInstalled && process.env.CI)
  throw new Error(`${chromiumPath} is missing: install Debian's chromium package to run the end-to-end test`);

describe.skipIf(!chromiumInstalled)('manager view preview in headless Chromium', () => {
  let handle: DatabaseHandle;
  let preview: RunningPreview;
  let browser: Browser;
  let page: Page;
  let payload: ManagerPortfolioPayload;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    handle = await openMemoryDatabase();
    preview = await startPreviewService(handle.db, { companies: 80 }, [managerModule({ preview: true })]);
    const response = await fetch(`${preview.url}${managerPreviewApiPath}?cut=owner`);
    expect(response.status).toBe(200);
    payload = managerPortfolioPayloadSchema.parse(await response.json());
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  }, 240_000);
  afterAll(async () => {
    await ifStarted(browser)?.close();
    await ifStarted(preview)?.close();
    await ifStarted(handle)?.close();
  });

  // Each test opens the page it reads, so any one runs alone or in any order.
  async function openManagerView(): Promise<void> {
    await page.goto(`${preview.url}/manager`);
    await page.locator('[data-testid="manager-ready"]').waitFor({ timeout: 30_000 });
  }

  it('is linked from the portfolio page', async () => {
    await page.goto(`${preview.url}/`);
    await page.getByTestId('manager-link').click();
    await page.waitForURL(`${preview.url}/manager`);
    await page.locator('[data-testid="manager-ready"]').waitFor({ timeout: 30_000 });
  });

  it('shows every section with the portfolio figures, charts drawn as SVG', async () => {
    await openManagerView();
    // The headline is the last complete month (the current one runs and is partial); the charts reach the current one.
    const latest = payload.months.find((month) => month.period === payload.headlineMonth);
    const current = payload.months.at(-1);
    if (!latest || !current) throw new Error('no month in the demo range');
    expect(current.partial).toBe(true);
    expect(latest.partial).toBe(false);
    const retention = await page.getByTestId('retention-section').innerText();
    expect(retention).toContain('Revenue retention and churn');
    expect(retention).toContain(formatPercent(latest.nrr));
    expect(retention).toContain(formatPercent(latest.grr));
    for (const chart of ['retention-chart', 'churn-chart', 'health-bands-chart', 'onboarding-funnel-chart']) {
      expect(await page.locator(`[data-testid="${chart}"] svg`).count(), chart).toBe(1);
    }
    expect(await page.locator('[data-testid="retention-chart"] polyline').count()).toBe(2);
    expect(await page.getByTestId('retention-chart').innerText()).toContain(formatMonth(current.period));

    const health = await page.getByTestId('health-bands-section').innerText();
    expect(health).toContain('Health bands');
    for (const count of Object.values(payload.health.today)) expect(health).toContain(String(count));

    const onboarding = await page.getByTestId('onboarding-section').innerText();
    expect(onboarding).toMatch(/Median time to value/i);
    expect(onboarding).toContain('Onboarding funnel by stage');

    const groups = await page.getByTestId('group-kpis-section').innerText();
    for (const row of payload.groups.rows) expect(groups).toContain(row.label);

    const alerts = await page.getByTestId('alerts-section').innerText();
    expect(alerts).toContain(`${payload.alerts.total} companies with alerts`);
    for (const item of payload.alerts.items.slice(0, 5)) expect(alerts).toContain(item.companyName ?? item.companyId);

    const maturity = await page.getByTestId('maturity-section').innerText();
    expect(maturity).toContain('Customer success maturity');
    for (const criterion of payload.maturity.criteria) expect(maturity).toContain(criterion.evidence);
    expect(maturity).toContain('+11');

    await page.screenshot({ path: `${screenshots}manager-view.png`, fullPage: true });
    // One screenshot per section, to review the copy screen by screen.
    for (const section of [
      'retention-section',
      'health-bands-section',
      'onboarding-section',
      'group-kpis-section',
      'alerts-section',
      'maturity-section',
    ]) {
      await page.getByTestId(section).screenshot({ path: `${screenshots}manager-${section}.png` });
    }
    expectNoCodeNames(await page.getByTestId('manager-ready').innerText());
    expect(pageErrors).toEqual([]);
  });

  it('serves the same app page routes: a deep link to the portfolio by tier, the renewals and playbooks pages, and a page that does not exist', async () => {
    await page.goto(`${preview.url}/manager/portfolio/tier`);
    await page.locator('[data-testid="manager-ready"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('group-kpis-section').innerText()).toContain('KPIs by tier');
    expect(await page.locator('.hs-page-title').innerText()).toBe('Portfolio');
    await page.goto(`${preview.url}/manager/renewals`);
    await page.getByTestId('renewals-page').waitFor({ timeout: 30_000 });
    expect(await page.locator('.hs-page-title').innerText()).toBe('Renewals');
    expect(await page.getByTestId('renewals-forecast').innerText()).toContain('Forecast for');
    expectNoCodeNames(await page.getByTestId('renewals-page').innerText());
    await page.goto(`${preview.url}/manager/playbooks`);
    await page.locator('[data-testid="playbooks-page"], [data-testid="playbooks-empty"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.hs-page-title').innerText()).toBe('Playbooks');
    expectNoCodeNames(await page.locator('main').innerText());
    await page.goto(`${preview.url}/manager/no-such-page`);
    await page.getByTestId('manager-not-found').waitFor({ timeout: 15_000 });
    await page.getByText('Open the portfolio').click();
    await page.waitForURL(`${preview.url}/manager`);
    await page.locator('[data-testid="manager-ready"]').waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  });

  it('regroups the KPI table by tier from the select', async () => {
    await openManagerView();
    await page.getByTestId('cut-select').selectOption({ label: 'Tier' });
    await expect
      .poll(() => page.getByTestId('group-kpis-section').innerText(), { timeout: 30_000 })
      .toContain('KPIs by tier');
    expect(pageErrors).toEqual([]);
  });
});
