import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger } from '../../src/config/logger';
import type { Database } from '../../src/db/client';
import type { HubSpotConnection } from '../../src/hubspot/client';
import { createApp } from '../../src/http/app';
import type { HttpModule } from '../../src/http/http-module';
import { previewModule } from '../../src/http/routes/preview-routes';
import { addDays } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { createSandbox } from '../../src/sandbox/server';

const demoTimeZone = 'UTC';
import { backfillDemoHealthHistory } from '../../src/services/customer-success/demo-health-history';
import { seedDemoOnboarding } from '../../src/services/customer-success/demo-onboarding';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import { seedFixtureRecords } from '../support/seed-fixture';

export interface RunningPreview {
  readonly url: string;
  readonly fixture: Fixture;
  readonly portalId: number;
  /** Today in the demo portal's time zone: the card's day, and the day actions are recorded on. */
  readonly asOf: string;
  close(): Promise<void>;
}

/**
 * The sandbox demo synced into `db` as `npm start` does, health recomputed, and the service with the
 * preview on a free port. The demo ends today: card actions record the wall-clock time (the
 * customer-success service takes no clock), so the card's day must be the real one too.
 */
export async function startPreviewService(
  db: Database,
  demo: { companies: number; healthHistory?: boolean },
  extraModules: readonly HttpModule[] = [],
): Promise<RunningPreview> {
  const today = instantToLocalDate(Date.now(), demoTimeZone);
  const fixture = generateDemoPortfolio({ companies: demo.companies, asOf: addDays(today, 1) });
  const sandbox = await createSandbox({ fixture, rateLimit: false }).start(0);
  const connection: HubSpotConnection = {
    accessToken: 'sandbox-token',
    baseUrl: sandbox.url,
    requestsPer10Seconds: 10_000,
  };
  // The sandbox answers the card's HubSpot calls; the demo's records are seeded as `npm start`'s sync leaves them.
  const portal = await seedFixtureRecords(db, fixture);
  await loadFixtureActivity(db, fixture);
  await seedDemoOnboarding(db, portal.id, today);
  // `npm start` scores the demo's past weeks too; tests that do not chart health skip that work.
  if (demo.healthHistory) await backfillDemoHealthHistory(db, portal.id, today);
  await recomputeHealth(db, portal.id, today);
  const app = createApp({
    apiAuth: 'open',
    db,
    logger: createLogger('silent'),
    modules: [...extraModules, previewModule({ enabled: true, hubspotConnection: connection })],
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fixture,
    portalId: portal.id,
    asOf: today,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}
