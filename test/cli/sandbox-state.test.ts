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
});
