import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import { instantToLocalDate } from '../domain/time/time-zone';
import { recomputeMissingScores } from '../jobs/health-schedule';
import { seedDemoOnboarding } from '../services/customer-success/demo-onboarding';
import { loadFixtureActivity } from '../services/ingestion/fixture-activity';
import type { HubSpotTarget } from './runtime';

/**
 * A sandbox has no product sending usage: load the fixture's usage and surveys through ingestion, play the
 * CSMs' part in the demo's onboarding, and score health, so every part of the product has data to show.
 */
export async function loadSandboxActivity(db: Database, target: HubSpotTarget, logger: Logger): Promise<void> {
  const fixture = target.fixture;
  if (!fixture) return;
  const loaded = await loadFixtureActivity(db, fixture);
  process.stderr.write(`Loaded ${loaded.usageEvents} usage events and ${loaded.surveys} survey answers from the sandbox fixture\n`);
  if (target.source?.kind === 'demo') {
    await seedDemoOnboarding(db, fixture.portal.id, instantToLocalDate(Date.now(), fixture.portal.timeZone));
  }
  const scored = await recomputeMissingScores({ db, logger });
  process.stderr.write(`Health scored for ${scored.recomputedPortalIds.length} portal(s)\n`);
}
