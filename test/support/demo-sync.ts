import type { Database } from '../../src/db/client';
import { createHubSpotClient, type HubSpotConnection } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { seedDemoOnboarding } from '../../src/services/customer-success/demo-onboarding';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';

export interface SyncedFixture {
  readonly sandbox: Sandbox;
  readonly running: RunningSandbox;
  readonly connection: HubSpotConnection;
}

/**
 * A fixture served by a sandbox and fully synced, and nothing more: a real portal's CRM on its first sync, with no
 * usage loaded and no demo stand-in for its CSMs.
 */
export async function syncPortalOnly(
  db: Database,
  fixture: Fixture,
): Promise<{ readonly running: RunningSandbox; readonly connection: HubSpotConnection; readonly sandbox: Sandbox }> {
  const sandbox = createSandbox({ fixture, rateLimit: false });
  const running = await sandbox.start(0);
  const connection: HubSpotConnection = {
    accessToken: 'test-token',
    baseUrl: running.url,
    requestsPer10Seconds: 10_000,
  };
  const client = createHubSpotClient(connection);
  await runFullSync({ client, db, portal: await fetchPortalDetails(client) });
  return { sandbox, running, connection };
}

/**
 * A fixture as `npm start` leaves it: served by a sandbox, fully synced, its usage and surveys loaded, onboarding
 * opened on `onboardingDay` and health scored on each of `scoreDays` in order.
 */
export async function syncFixture(
  db: Database,
  fixture: Fixture,
  onboardingDay: string,
  scoreDays: readonly string[],
): Promise<SyncedFixture> {
  const synced = await syncPortalOnly(db, fixture);
  await loadFixtureActivity(db, fixture);
  await seedDemoOnboarding(db, fixture.portal.id, onboardingDay);
  for (const day of scoreDays) await recomputeHealth(db, fixture.portal.id, day);
  return synced;
}
