import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { rowsOf } from '../support/sql-rows';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { ingestionSettingsSchema } from '../../src/domain/usage/ingestion-settings';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { contracts } from '../../src/db/schema';
import { createSandbox } from '../../src/sandbox/server';
import { importUsageCsv } from '../../src/services/ingestion/csv-import';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { ingestionTarget } from '../../src/services/ingestion/ingest-events';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const fixture = fixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/small-portfolio.json', import.meta.url), 'utf8')),
);
const server = databaseTargets.find((target) => target.name === 'postgres');

// last_analyze counts only an explicit ANALYZE: autovacuum's own runs land in last_autoanalyze.
async function analyzed(handle: DatabaseHandle, table: string): Promise<boolean> {
  const [row] = rowsOf<{ analyzed: boolean }>(
    await handle.db.execute(sql`
    select last_analyze is not null as analyzed from pg_stat_user_tables where relname = ${table}`),
  );
  return row?.analyzed ?? false;
}

async function analyzedAt(handle: DatabaseHandle, table: string): Promise<number> {
  const [row] = rowsOf<{ at: string | null }>(
    await handle.db.execute(sql`select last_analyze::text as at from pg_stat_user_tables where relname = ${table}`),
  );
  return row?.at ? Date.parse(row.at) : 0;
}

// Every page of the table marked all-visible in its visibility map, as a VACUUM leaves a table no one is writing to.
async function allVisible(handle: DatabaseHandle, table: string): Promise<boolean> {
  const [row] = rowsOf<{ visible: boolean }>(
    await handle.db.execute(sql`
    select relpages > 0 and relallvisible = relpages as visible from pg_class where relname = ${table}`),
  );
  return row?.visible ?? false;
}

describe.skipIf(server === undefined)('planner statistics after bulk loads on the Postgres server', () => {
  let handle: DatabaseHandle;
  // A new database each: the sync analyzes every table.
  beforeEach(async () => {
    if (server === undefined) throw new Error('the suite runs only with a Postgres server');
    handle = await server.open();
  });
  afterEach(async () => ifStarted(handle)?.close());

  it('analyzes the tables an initial sync filled', async () => {
    const sandbox = createSandbox({ fixture, rateLimit: false });
    const running = await sandbox.start(0);
    try {
      expect(await analyzed(handle, 'companies')).toBe(false);
      const client = createHubSpotClient({
        accessToken: 'test-token',
        baseUrl: running.url,
        requestsPer10Seconds: 10_000,
      });
      await runFullSync({ client, db: handle.db, portal: await fetchPortalDetails(client) });
      expect(await analyzed(handle, 'companies')).toBe(true);
      expect(await analyzed(handle, 'deals')).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('analyzes the usage tables after a CSV import of a thousand rows or more', async () => {
    await upsertPortal(handle.db, { id: fixture.portal.id, timeZone: 'UTC', currency: 'USD' });
    await upsertCompanies(handle.db, [
      { portalId: fixture.portal.id, id: 'c1', name: 'One', domain: null, accountId: null, properties: {} },
    ]);
    // A customer: an ingest key attaches events only to a company with a contract.
    await handle.db.insert(contracts).values({
      portalId: fixture.portal.id,
      dealId: 'd1',
      companyId: 'c1',
      kind: 'new',
      product: 'core',
      mrrMinor: 10_000,
      startDate: '2025-01-01',
      endDate: '2099-01-01',
    });
    expect(await analyzed(handle, 'usage_events')).toBe(false);
    const companyId = 'c1';
    const lines = Array.from(
      { length: 1_200 },
      (_, index) =>
        `csv-${index},${companyId},user-${index % 40},report.viewed,2026-03-02T10:${String(index % 60).padStart(2, '0')}:00Z`,
    );
    const csv = ['messageId,companyId,userId,event,timestamp', ...lines].join('\n');
    const target = await ingestionTarget(handle.db, fixture.portal.id, ingestionSettingsSchema.parse({}));
    const report = await importUsageCsv(target, Readable.from([csv]), new Map());
    expect(report.stored).toBe(1_200);
    expect(await analyzed(handle, 'usage_events')).toBe(true);
    expect(await analyzed(handle, 'usage_sessions')).toBe(true);
  });

  /** `count` companies with one running core contract each, as the initial sync leaves them. */
  async function seedCustomers(portalId: number, prefix: string, count: number): Promise<void> {
    const ids = Array.from({ length: count }, (_, index) => `${prefix}${index}`);
    await upsertCompanies(
      handle.db,
      ids.map((id) => ({ portalId, id, name: id, domain: null, accountId: null, properties: {} })),
    );
    await handle.db.insert(contracts).values(
      ids.map((id) => ({
        portalId,
        dealId: `d-${id}`,
        companyId: id,
        kind: 'new',
        product: 'core',
        mrrMinor: 10_000,
        startDate: '2026-03-01',
        endDate: '2027-03-01',
      })),
    );
  }

  it("analyzes the health tables after a portal's first health run over a thousand customers", async () => {
    const portalId = fixture.portal.id;
    await upsertPortal(handle.db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
    await seedCustomers(portalId, 'h', 1_000);
    // As the initial sync leaves them: every table analyzed, the health tables while still empty.
    await handle.db.execute(sql`analyze`);
    const healthTables = ['health_scores', 'onboarding_records', 'onboarding_milestones'];
    const before = await Promise.all(healthTables.map((table) => analyzedAt(handle, table)));
    const result = await recomputeHealth(handle.db, portalId, '2026-03-02');
    expect(result.onboardingOpened).toBe(1_000);
    const after = await Promise.all(healthTables.map((table) => analyzedAt(handle, table)));
    after.forEach((time, index) => expect(time).toBeGreaterThan(before[index] ?? Infinity));
    // Vacuumed too: the card's first reads of the new rows set no hint bits and find every page all-visible.
    for (const table of healthTables) expect(await allVisible(handle, table)).toBe(true);
  });

  it('analyzes the input tables a health run finds never analyzed, and leaves analyzed ones alone', async () => {
    const portalId = fixture.portal.id;
    await upsertPortal(handle.db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
    await seedCustomers(portalId, 'n', 50);
    await handle.db.execute(sql`analyze companies`);
    const companiesBefore = await analyzedAt(handle, 'companies');
    expect(await analyzed(handle, 'contracts')).toBe(false);
    await recomputeHealth(handle.db, portalId, '2026-03-02');
    expect(await analyzed(handle, 'contracts')).toBe(true);
    expect(await analyzed(handle, 'usage_daily_active_users')).toBe(true);
    expect(await analyzedAt(handle, 'companies')).toBe(companiesBefore);
  });
});
