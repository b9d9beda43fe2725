import type { DatabaseHandle } from '../../src/db/client';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import type { HubSpotConnection } from '../../src/hubspot/client';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { seedDemoOnboarding } from '../../src/services/customer-success/demo-onboarding';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { seedFixtureRecords } from '../support/seed-fixture';

export interface SeededPortal {
  readonly fixture: Fixture;
  readonly id: number;
  readonly companyIds: readonly string[];
  readonly ingestionKey: string;
  readonly connection: HubSpotConnection;
}

export interface TwoPortals {
  /** The caller: the small hand-checked fixture. */
  readonly a: SeededPortal;
  /** The other tenant: a generated demo portfolio with onboarding, health, alerts and suggestions. */
  readonly b: SeededPortal;
  readonly today: string;
  close(): Promise<void>;
}

async function seedPortal(
  handle: DatabaseHandle,
  fixture: Fixture,
  today: string,
): Promise<{ sandbox: RunningSandbox; portal: SeededPortal }> {
  const sandbox = await createSandbox({ fixture, rateLimit: false }).start(0);
  const connection: HubSpotConnection = {
    accessToken: 'test-token',
    baseUrl: sandbox.url,
    requestsPer10Seconds: 10_000,
  };
  // The sandbox answers the portals' HubSpot calls; their records are seeded as the sync leaves them.
  await seedFixtureRecords(handle.db, fixture);
  await loadFixtureActivity(handle.db, fixture);
  await seedDemoOnboarding(handle.db, fixture.portal.id, today);
  await recomputeHealth(handle.db, fixture.portal.id, today);
  const { key } = await createApiKey(handle.db, fixture.portal.id, 'security-tests');
  return {
    sandbox,
    portal: {
      fixture,
      id: fixture.portal.id,
      companyIds: fixture.companies.map((company) => company.id),
      ingestionKey: key,
      connection,
    },
  };
}

/** Both portals synced into one database through the sandbox and the real sync, scored for today (UTC). */
export async function seedTwoPortals(handle: DatabaseHandle): Promise<TwoPortals> {
  const today = instantToLocalDate(Date.now(), 'UTC');
  const small = await loadFixtureFile(smallPortfolioPath.pathname);
  const demo = generateDemoPortfolio({ asOf: today, companies: 10, seed: 7, years: 1 });
  const a = await seedPortal(handle, small, today);
  const b = await seedPortal(handle, demo, today);
  return {
    a: a.portal,
    b: b.portal,
    today,
    close: async () => {
      await a.sandbox.close();
      await b.sandbox.close();
    },
  };
}
