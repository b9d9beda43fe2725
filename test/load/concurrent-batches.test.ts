import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { rowsOf } from '../support/sql-rows';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { ingestionSettingsSchema } from '../../src/domain/usage/ingestion-settings';
import type { NormalizedUsageEvent } from '../../src/domain/usage/usage-event';
import { ingestEvents, ingestionTarget } from '../../src/services/ingestion/ingest-events';
import { contracts } from '../../src/db/schema';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 31;
const batches = 20;
const batchSize = 1_000;

function batch(batchIndex: number): NormalizedUsageEvent[] {
  return Array.from({ length: batchSize }, (_, offset) => ({
    messageId: `b${batchIndex}-${offset}`,
    companyId: `c${offset % 50}`,
    accountId: null,
    // Every event its own user: the case that took one lock per user.
    userId: `u${batchIndex}-${offset}`,
    event: 'report.viewed',
    occurredAt: Date.UTC(2026, 2, 2, 10) + offset * 1_000,
    sessionId: null,
    durationSeconds: null,
    properties: {},
  }));
}

describe.skipIf(!postgresServerAvailable)('20 concurrent 1k-event batches on the Postgres server', () => {
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    server = await createServerDatabase();
    // As many connections as batches: every transaction holds its locks at the same time.
    handle = await openDatabase({ databaseUrl: server.url, poolSize: batches });
    await upsertPortal(handle.db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
    await upsertCompanies(
      handle.db,
      Array.from({ length: 50 }, (_, index) => ({
        portalId,
        id: `c${index}`,
        name: `Company ${index}`,
        domain: null,
        accountId: null,
        properties: {},
      })),
    );
    // Customers: an ingest key attaches events only to a company with a contract.
    await handle.db.insert(contracts).values(
      Array.from({ length: 50 }, (_, index) => ({
        portalId,
        dealId: `d${index}`,
        companyId: `c${index}`,
        kind: 'new' as const,
        product: 'core',
        mrrMinor: 10_000,
        startDate: '2025-01-01',
        endDate: '2099-01-01',
      })),
    );
  });
  afterAll(async () => {
    await ifStarted(handle)?.close();
    await ifStarted(server)?.drop();
  });

  it('stores every event without running out of shared lock memory', async () => {
    const target = await ingestionTarget(handle.db, portalId, ingestionSettingsSchema.parse({}));
    const results = await Promise.all(
      Array.from({ length: batches }, (_, index) => ingestEvents(target, batch(index))),
    );
    expect(results.map((result) => result.stored)).toEqual(Array.from({ length: batches }, () => batchSize));
    const [row] = rowsOf<{ events: number; sessions: number }>(
      await handle.db.execute(sql`
      select (select count(*)::int from usage_events) as events, (select count(*)::int from usage_sessions) as sessions`),
    );
    expect(row).toEqual({ events: batches * batchSize, sessions: batches * batchSize });
  });
});
