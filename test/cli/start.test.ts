import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';
import { startCli, type CliProcess } from '../support/cli-process';

interface CompanyPage {
  results: { id: string; name: string; mrr: number; arr: number; customerStatus: string }[];
  paging: { next: { after: string } } | null;
}

async function fetchAllCompanies(baseUrl: string): Promise<CompanyPage['results']> {
  const companies: CompanyPage['results'] = [];
  let after: string | undefined;
  do {
    const response = await fetch(`${baseUrl}/api/v1/companies?limit=100${after ? `&after=${after}` : ''}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as CompanyPage;
    companies.push(...page.results);
    after = page.paging?.next.after;
  } while (after);
  return companies;
}

/** While the service holds DATA_DIR, `keys create` goes through its admin API and `jobs` refuses, naming it. */
async function expectKeysThroughTheService(url: string, env: Record<string, string>): Promise<void> {
  const page = (await (await fetch(`${url}/api/v1/companies?limit=1`)).json()) as { portalId: number };
  const keys = startCli('src/cli/keys.ts', ['create', '--portal', String(page.portalId)], env);
  expect(await keys.exited(), keys.stderr()).toBe(0);
  expect(keys.stderr()).toContain('going through its admin API');
  const key = keys.stdout().trim();
  const batch = await fetch(`${url}/api/v1/usage/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      events: [
        {
          messageId: 'start-test-1',
          accountId: 'nobody.example',
          userId: 'u1',
          event: 'login',
          timestamp: new Date().toISOString(),
        },
      ],
    }),
  });
  expect(batch.status, await batch.clone().text()).toBe(200);
  const jobs = startCli('src/cli/jobs.ts', ['status'], env);
  expect(await jobs.exited()).toBe(1);
  expect(jobs.stderr()).toMatch(/is in use by .* serving http:\/\/127\.0\.0\.1:\d+/);
  expect((await fetch(`${url.replace('localhost', '127.0.0.1')}/admin/v1/keys`)).status).toBe(401);
}

/**
 * Started again on the same DATA_DIR, the sandbox holds the tasks the playbooks made: the first evaluation finds
 * them open (a fresh sandbox would have them all gone, as if deleted, and close every run as its tasks done).
 */
async function expectRunsKeptAcrossRestart(env: Record<string, string>): Promise<void> {
  const again = startCli('src/cli/start.ts', [], env);
  try {
    await again.waitFor(/Sandbox: the demo as of \d{4}-\d{2}-\d{2} .*, \d+ records as the last run left them/, 120_000);
    const [line] = await again.waitFor(/\{[^\n]*"msg":"playbooks evaluated"\}/, 240_000);
    // Nothing else is asked of it: a start just past midnight scores a new day, which may open or clear runs.
    expect((JSON.parse(line) as { closed: Record<string, number> }).closed).not.toHaveProperty('tasks_completed');
    again.child.kill('SIGTERM');
    expect(await again.exited()).toBe(0);
  } finally {
    if (again.child.exitCode === null) again.child.kill('SIGKILL');
  }
}

const storages = [
  { name: 'embedded database', serverOnly: false },
  { name: 'Postgres server (DATABASE_URL)', serverOnly: true },
].filter((storage) => !storage.serverOnly || postgresServerAvailable);

describe.each(storages)('npm start with no HubSpot account, on the $name', ({ serverOnly }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('syncs the demo portfolio from the sandbox and serves the companies with MRR', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cs-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // At info: the jobs that follow the first scores are seen by their log lines.
    const env: Record<string, string> = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    if (serverOnly) {
      const database = await createServerDatabase();
      cleanups.push(database.drop);
      env.DATABASE_URL = database.url;
    }
    const service: CliProcess = startCli('src/cli/start.ts', [], env);
    cleanups.push(() => {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
      return Promise.resolve();
    });
    const [, url] = await service.waitFor(/API ready in [\d.]+s: (http:\/\/localhost:\d+)/, 240_000);
    const companies = await fetchAllCompanies(url ?? '');
    expect(companies.length).toBeGreaterThanOrEqual(190);
    const customers = companies.filter((company) => company.customerStatus === 'customer');
    expect(customers.length).toBeGreaterThan(50);
    for (const customer of customers) {
      expect(customer.mrr).toBeGreaterThan(0);
      expect(customer.arr).toBeCloseTo(customer.mrr * 12, 2);
    }
    // The KPI link printed names the twelve months before the current one (the demo portal's zone is UTC), whatever
    // the day the demo runs on.
    const [, kpiLink] = await service.waitFor(/KPIs: +(http\S+)/, 10_000);
    const running = new Date().toISOString().slice(0, 7);
    const monthsBefore = (months: number) => {
      const [year = 0, month = 0] = running.split('-').map(Number);
      return new Date(Date.UTC(year, month - 1 - months, 1)).toISOString().slice(0, 7);
    };
    expect(kpiLink).toBe(`${url ?? ''}/api/v1/kpis?from=${monthsBefore(12)}&to=${monthsBefore(1)}&period=month`);
    const kpis = (await (await fetch(kpiLink ?? '')).json()) as { periods: Array<{ partial: boolean }> };
    expect(kpis.periods).toHaveLength(12);
    expect(kpis.periods.every((period) => !period.partial)).toBe(true);
    // Ready means loaded and scored: health answers at once for a customer.
    expect((await fetch(`${url ?? ''}/readyz`)).status).toBe(200);
    const health = await fetch(`${url ?? ''}/api/v1/companies/${customers[0]?.id ?? ''}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { health: { score: number } }).health.score).toBeGreaterThanOrEqual(0);
    expect(service.stderr()).toMatch(/usage events +\d+\/\d+ loaded/);
    // The hourly recompute (minute 7) may score the portal first while the start loads; either way it is scored.
    expect(service.stderr()).toMatch(/health +(\d+\/\d+ companies scored|already scored today)/);
    // What follows a recompute runs on those first scores, not at the next scheduled one: the cards' churn risk and
    // the cs_* properties in the sandbox's CRM.
    await service.waitFor(/"msg":"(churn-risk model retrained|churn risk scored)"/, 120_000);
    await service.waitFor(/"msg":"Customer Success values written back to HubSpot"/, 120_000);
    const [, opened] = await service.waitFor(
      /"opened":(\d+),"heldOut":\d+,"closed":\{\},[^\n]*"msg":"playbooks evaluated"/,
      120_000,
    );
    expect(Number(opened)).toBeGreaterThan(0);
    if (!serverOnly) await expectKeysThroughTheService(url ?? '', env);
    service.child.kill('SIGTERM');
    expect(await service.exited()).toBe(0);
    if (!serverOnly) await expectRunsKeptAcrossRestart(env);
  }, 420_000);
});

describe('npm start with a suggested-deal stage the portal does not have', () => {
  it('stops before serving, naming the stage and the setting', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cs-start-stage-'));
    try {
      const service = startCli('src/cli/start.ts', [], {
        PORT: '0',
        DATA_DIR: dataDir,
        SANDBOX_FIXTURE: path.join('test', 'fixtures', 'small-portfolio.json'),
        CS_SUGGESTED_DEAL_STAGE: 'negotiation',
      });
      expect(await service.exited()).toBe(1);
      expect(service.stderr()).toContain('suggested deal stage negotiation is not a stage of any deal pipeline');
      expect(service.stderr()).toContain('CS_SUGGESTED_DEAL_STAGE');
      expect(service.stdout()).not.toContain('API ready');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
