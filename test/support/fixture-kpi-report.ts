import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runKpiCommand } from '../../src/cli/kpi-command';
import type { Database, DatabaseHandle } from '../../src/db/client';
import { listContracts, type StoredContract } from '../../src/db/repositories/contracts-repository';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import type { RunningSandbox } from '../../src/sandbox/server';
import type { DatabaseTarget } from './databases';
import { syncPortalOnly } from './demo-sync';

/** The note's sentence on one add-on with a term of its own, as the fixtures with 10 or 5 seats bought mid-term have. */
export const oneAddOnOffTerm =
  "1 upsell or cross-sell bought during a running term states neither cs_contract_end nor cs_term_months, so it runs a term of its own from its start, ending on another day than the term it was bought into: its MRR counts beside that term's renewal, or stops before that term ends. To end them with the term they were bought into, turn on the KPI setting renewals.coTermAddOns, or set cs_contract_end on the deals in HubSpot.";

/** The monthly fields the tests of how deals are read compare. */
export interface ReportedPeriod {
  readonly period: string;
  readonly upsellCustomers: number;
  readonly upsellMrr: number;
  readonly expansionMrr: number;
  readonly contractionMrr: number;
  readonly endMrr: number;
  readonly nrr: number;
}

/** `npm run kpi -- --fixture F --json` over [from, to] as of `asOf`: its note and its months by period. */
async function fixtureKpiReport(
  fixturePath: string,
  range: { readonly from: string; readonly to: string; readonly asOf: string },
  ...options: string[]
) {
  let stdout = '';
  await runKpiCommand(
    ['--fixture', fixturePath, '--from', range.from, '--to', range.to, '--as-of', range.asOf, '--json', ...options],
    { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' },
    { stdout: (text) => (stdout += text), stderr: () => undefined },
  );
  const report = JSON.parse(stdout) as { renewalsNote: string | null; periods: ReportedPeriod[] };
  return { note: report.renewalsNote, month: new Map(report.periods.map((period) => [period.period, period])) };
}

/**
 * Reports of the fixture as `fixtureKpiReport` makes them, each with a KPI settings object (written to a file of its
 * own) or none, for the tests of one `describe`.
 */
export function fixtureKpiReports(fixturePath: string, range: Parameters<typeof fixtureKpiReport>[1]) {
  let directory: string | undefined;
  let written = 0;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'fixture-kpi-settings-'));
  });
  afterAll(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });
  return async (settings?: object) => {
    if (settings === undefined) return fixtureKpiReport(fixturePath, range);
    if (directory === undefined) throw new Error('the settings directory is made in beforeAll');
    written += 1;
    const file = path.join(directory, `kpi-${written}.json`);
    await writeFile(file, JSON.stringify(settings));
    return fixtureKpiReport(fixturePath, range, '--settings', file);
  };
}

/** A fixture's portal synced through the sandbox into the target's database for the tests of one `describe`. */
export function syncedFixturePortal(target: DatabaseTarget, fixturePath: string) {
  let handle: DatabaseHandle | undefined;
  let sandbox: RunningSandbox | undefined;
  const portal = {
    portalId: 0,
    get db(): Database {
      if (handle === undefined) throw new Error('the synced portal opens in beforeAll');
      return handle.db;
    },
    /** Each stored contract by its deal id, shown by `show`. */
    async contracts<Shown>(show: (contract: StoredContract) => Shown): Promise<Record<string, Shown>> {
      const stored = await listContracts(portal.db, portal.portalId);
      return Object.fromEntries(stored.map((contract) => [contract.dealId, show(contract)]));
    },
  };
  beforeAll(async () => {
    handle = await target.open();
    const fixture = await loadFixtureFile(fixturePath);
    portal.portalId = fixture.portal.id;
    sandbox = (await syncPortalOnly(handle.db, fixture)).running;
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    await handle?.close();
  });
  return portal;
}
