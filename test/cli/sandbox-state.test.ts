import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxTarget, type HubSpotTarget } from '../../src/cli/runtime';
import { readSavedState } from '../../src/sandbox/saved-state';
import { addDays } from '../../src/domain/time/calendar-date';

const limits = { tier: 'professional', capacityPacks: 0 } as const;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startDemo(file: string): Promise<HubSpotTarget> {
  const target = await startSandboxTarget({ kind: 'demo' }, 0, limits, file);
  cleanups.push(() => target.close());
  return target;
}

const lastUsageDay = (target: HubSpotTarget) =>
  (target.fixture?.usageEvents ?? [])
    .reduce((latest, event) => (event.timestamp > latest ? event.timestamp : latest), '')
    .slice(0, 10);

describe('the demo sandbox started again on the same DATA_DIR', () => {
  it('is generated as of the day of its first run, not today (generated again later, every usage event would move and be loaded twice), its usage carried on to today', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-target-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const file = join(directory, 'sandbox-state.json');
    const today = new Date().toISOString().slice(0, 10);
    const first = await startSandboxTarget({ kind: 'demo' }, 0, limits, file);
    try {
      expect(first.description).toContain(`demo portfolio as of ${today}`);
    } finally {
      await first.close();
    }
    const saved = await readSavedState(file);
    expect(saved.kind === 'saved' ? saved.state.demoAsOf : saved.kind).toBe(today);

    // As if that first run had been a month ago.
    const state = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...state, demoAsOf: '2026-11-01' }));
    const later = await startDemo(file);
    expect(later.description).toContain('demo portfolio as of 2026-11-01');
    // Its usage carries on past its day, up to the day before today, as the first run's did.
    expect(lastUsageDay(later) < today).toBe(true);
    expect(lastUsageDay(later) >= addDays(today, -3)).toBe(true);
    expect(lastUsageDay(first) < today).toBe(true);
  }, 60_000);

  it('records the deals its customers closed since its day: open renewals closed, others added, each once', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-deals-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const file = join(directory, 'sandbox-state.json');
    const first = await startSandboxTarget({ kind: 'demo' }, 0, limits, file, '2026-11-01');
    const before = await listDeals(first);
    await first.close();
    const messages = await stderrOf(async () => {
      const later = await startSandboxTarget({ kind: 'demo' }, 0, limits, file, '2027-01-20');
      const after = await listDeals(later);
      const closedSince = after.filter((deal) => closedOn(deal) >= '2026-11-01' && closedOn(deal) < '2027-01-20');
      // The renewals of the terms ending then: the demo's open renewal deals, now won or lost, and new ones.
      const wereOpen = new Set(before.filter((deal) => !isClosed(deal)).map((deal) => deal.id));
      const closedOpenOnes = closedSince.filter((deal) => wereOpen.has(deal.id) && isClosed(deal));
      expect(closedOpenOnes.length).toBeGreaterThan(5);
      expect(closedOpenOnes.filter((deal) => deal.properties.dealstage === renewalsWon).length).toBeGreaterThan(
        closedOpenOnes.length / 2,
      );
      // Prospects' opportunities come due too: some won, their companies now customers.
      const signed = closedOpenOnes.filter((deal) => deal.properties.dealstage === 'closedwon');
      expect(signed.length).toBeGreaterThan(0);
      for (const deal of signed) expect(await lifecycleStageOf(later, deal.id)).toBe('customer');
      // No renewal is left open past its term: renewed, downgraded (a dropped line closes lost) or lost, every one.
      const staleOpen = after.filter(
        (deal) => !isClosed(deal) && deal.properties.cs_deal_kind === 'renewal' && closedOn(deal) < '2026-12-20',
      );
      expect(staleOpen).toEqual([]);
      expect(after.length).toBeGreaterThan(before.length);
      const added = after.filter((deal) => !before.some((earlier) => earlier.id === deal.id));
      expect(added.every((deal) => closedOn(deal) >= '2026-11-01' && closedOn(deal) < '2027-01-20')).toBe(true);
      expect(added.every((deal) => deal.properties.cs_contract_start && deal.properties.cs_seats)).toBe(true);
      await later.close();
    });
    expect(messages).toMatch(/the demo carried on from 2026-11-01: \d+ open deals closed, \d+ deals added/);
    // Started again the same day, nothing is recorded twice.
    const again = await startSandboxTarget({ kind: 'demo' }, 0, limits, file, '2027-01-20');
    const dealsOnRestart = await listDeals(again);
    const recountMessages = await stderrOf(async () => {
      await again.close();
      const third = await startDemoOn(file, '2027-01-20');
      expect((await listDeals(third)).length).toBe(dealsOnRestart.length);
    });
    expect(recountMessages).not.toMatch(/carried on from/);
  }, 120_000);
});

const renewalsWon = '1190452303';
const closedStages = new Set(['closedwon', 'closedlost', '1190452303', '1190452304']);
type SandboxDeal = { id: string; properties: Record<string, string | null> };
const isClosed = (deal: SandboxDeal) => closedStages.has(deal.properties.dealstage ?? '');
const closedOn = (deal: SandboxDeal) => (deal.properties.closedate ?? '').slice(0, 10);

async function startDemoOn(file: string, today: string): Promise<HubSpotTarget> {
  const target = await startSandboxTarget({ kind: 'demo' }, 0, limits, file, today);
  cleanups.push(() => target.close());
  return target;
}

/** Every deal of the sandbox through its list endpoint, page by page. */
async function listDeals(target: HubSpotTarget): Promise<SandboxDeal[]> {
  const deals: SandboxDeal[] = [];
  const properties = 'dealstage,closedate,cs_contract_start,cs_seats,cs_product,cs_deal_kind';
  let after: string | undefined;
  do {
    const page = after === undefined ? '' : `&after=${after}`;
    const url = `${target.connection.baseUrl ?? ''}/crm/v3/objects/deals?limit=100&properties=${properties}${page}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${target.connection.accessToken}` } });
    const listed = (await response.json()) as { results: SandboxDeal[]; paging?: { next?: { after: string } } };
    deals.push(...listed.results);
    after = listed.paging?.next?.after;
  } while (after !== undefined);
  return deals;
}

/** The lifecycle stage of a deal's primary company. */
async function lifecycleStageOf(target: HubSpotTarget, dealId: string): Promise<string | null> {
  const get = async (path: string) =>
    (await fetch(`${target.connection.baseUrl ?? ''}${path}`, {
      headers: { authorization: `Bearer ${target.connection.accessToken}` },
    }).then((response) => response.json())) as Record<string, unknown>;
  const deal = (await get(`/crm/v3/objects/deals/${dealId}?associations=companies`)) as {
    associations?: { companies?: { results: Array<{ id: string }> } };
  };
  const companyId = deal.associations?.companies?.results[0]?.id ?? '';
  const company = (await get(`/crm/v3/objects/companies/${companyId}?properties=lifecyclestage`)) as {
    properties: { lifecyclestage?: string | null };
  };
  return company.properties.lifecyclestage ?? null;
}

/** What `work` writes to stderr (the sandbox's start lines). */
async function stderrOf(work: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  try {
    await work();
  } finally {
    process.stderr.write = write;
  }
  return written.join('');
}
