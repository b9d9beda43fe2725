import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpiCommand } from '../../src/cli/kpi-command';
import { startCli } from '../support/cli-process';

const fixturePath = path.resolve(import.meta.dirname, '../fixtures/renewals-without-terms.json');

// A portal's first sync is the first thing its team reads: renewals recorded as upsells are said there.
describe('npm run sync on a portal that records its renewals as Existing business or without a start', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'cs-sync-note-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  it('says how many of them count as upsells or run beside the terms they renew, and what to do', async () => {
    const sync = startCli('src/cli/sync.ts', ['--fixture', fixturePath], {
      DATA_DIR: path.join(scratch, 'data'),
      DATABASE_URL: '',
    });
    expect(await sync.exited()).toBe(0);
    expect(JSON.parse(sync.stdout())).toMatchObject({ counts: { deals: 9 } });
    expect(sync.stderr()).toContain(
      "3 deals recorded as Existing business without cs_deal_kind start within 60 days of the end of the company's contract for the same product, as renewals do, and count as upsells.",
    );
    expect(sync.stderr()).toContain('1 renewal without cs_contract_start starts on its close date');
    expect(sync.stderr()).toContain('turn on the KPI setting renewals.followOn');

    // On the synced database, a what-if KPI run cannot change how deals became contracts: it says how to.
    const settingsFile = path.join(scratch, 'kpi.json');
    await writeFile(settingsFile, JSON.stringify({ renewals: { followOn: true } }));
    const kpi = runKpiCommand(
      ['--from', '2025-01', '--to', '2025-02', '--settings', settingsFile],
      { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', DATA_DIR: path.join(scratch, 'data') },
      { stdout: () => undefined, stderr: () => undefined },
    );
    await expect(kpi).rejects.toThrow(/renewals in --settings differs from the portal's/);
    await writeFile(
      settingsFile,
      JSON.stringify({ dealTypes: { renewal: 'renewal' }, dealPipelines: { '7001': 'renewal' } }),
    );
    const readings = runKpiCommand(
      ['--from', '2025-01', '--to', '2025-02', '--settings', settingsFile],
      { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', DATA_DIR: path.join(scratch, 'data') },
      { stdout: () => undefined, stderr: () => undefined },
    );
    await expect(readings).rejects.toThrow(
      /dealTypes, dealPipelines in --settings differ from the portal's: they apply/,
    );
  }, 120_000);
});
