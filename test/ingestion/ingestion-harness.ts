import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { createLogger } from '../../src/config/logger';
import type { Database, DatabaseHandle } from '../../src/db/client';
import { upsertCompanies, type CompanyRow } from '../../src/db/repositories/companies-repository';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { contracts } from '../../src/db/schema';
import type { IngestionSettingsInput } from '../../src/domain/usage/ingestion-settings';
import { createApp } from '../../src/http/app';
import type { JobQueue } from '../../src/jobs/job-queue';
import { ingestionModule } from '../../src/http/routes/usage-module';
import { createApiKey } from '../../src/services/ingestion/api-keys';

export const portalId = 101;
export const otherPortalId = 202;

export function company(id: string, accountId: string | null, domain: string | null, portal = portalId): CompanyRow {
  return { portalId: portal, id, name: `Company ${id}`, domain, accountId, properties: {} };
}

export type Harness = { app: Express; key: string; otherKey: string; apiKey: string };

/** A contract running from 2025 for years: the company is a customer, so an ingestion key may name its id. */
export async function makeCustomer(db: Database, companyId: string, portal = portalId): Promise<void> {
  await db.insert(contracts).values({
    portalId: portal,
    dealId: `deal-${companyId}`,
    companyId,
    kind: 'new',
    product: 'core',
    mrrMinor: 10_000,
    startDate: '2025-01-01',
    endDate: '2099-01-01',
  });
}

/** A clean slate in an already open database: opening a PGlite per test would dominate the run time. */
export async function setUpIngestion(
  handle: DatabaseHandle,
  settings: IngestionSettingsInput = {},
  jobs?: JobQueue,
): Promise<Harness> {
  await handle.db
    .execute(sql`truncate usage_events, usage_pending_events, usage_user_accounts, usage_daily_active_users,
    usage_monthly_active_users, usage_monthly_active_user_counts, usage_monthly_feature_users, usage_daily_features, usage_sessions, usage_daily_session_totals, survey_responses, ingestion_api_keys, companies, contracts`);
  await upsertPortal(handle.db, { id: portalId, timeZone: 'Asia/Tokyo', currency: 'JPY' });
  await upsertPortal(handle.db, { id: otherPortalId, timeZone: 'UTC', currency: 'USD' });
  await upsertCompanies(handle.db, [
    company('c1', 'acct-1', 'one.example'),
    company('c2', null, 'two.example'),
    company('c9', 'acct-9', null, otherPortalId),
  ]);
  await makeCustomer(handle.db, 'c1');
  await makeCustomer(handle.db, 'c9', otherPortalId);
  const key = await createApiKey(handle.db, portalId, 'test');
  const otherKey = await createApiKey(handle.db, otherPortalId);
  const apiKey = await createApiKey(handle.db, portalId, 'reader', 'api');
  const app = createApp({
    apiAuth: 'open',
    db: handle.db,
    logger: createLogger('silent'),
    portalId,
    modules: [ingestionModule(settings, jobs)],
  });
  return { app, key: key.key, otherKey: otherKey.key, apiKey: apiKey.key };
}

export function event(messageId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageId,
    companyId: 'c1',
    userId: 'u1',
    event: 'report.viewed',
    timestamp: '2026-03-02T10:00:00Z',
    ...overrides,
  };
}
