import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import { refreshPlannerStatistics } from '../db/repositories/planner-statistics-repository';
import { instantToLocalDate } from '../domain/time/time-zone';
import { recomputeMissingScores } from '../jobs/health-schedule';
import { backfillDemoHealthHistory } from '../services/customer-success/demo-health-history';
import { seedDemoOnboarding } from '../services/customer-success/demo-onboarding';
import { ensureDefaultPlaybooks } from '../services/playbooks/playbook-definitions';
import { loadFixtureActivity } from '../services/ingestion/fixture-activity';
import { stepProgress } from './progress';
import type { HubSpotTarget } from './runtime';

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * A sandbox has no product sending usage: load the fixture's usage and surveys through ingestion, play the
 * CSMs' part in the demo's onboarding, and score health, so every part of the product has data to show.
 */
export async function loadSandboxActivity(db: Database, target: HubSpotTarget, logger: Logger): Promise<void> {
  const fixture = target.fixture;
  if (!fixture) return;
  let started = Date.now();
  const loaded = await loadFixtureActivity(db, fixture, stepProgress('usage events', 'loaded'));
  process.stderr.write(
    `  usage events    ${String(loaded.usageEvents).padStart(7)} new, ${loaded.surveys} survey answers (${seconds(started)})\n`,
  );
  if (target.source?.kind === 'demo') {
    const today = instantToLocalDate(Date.now(), fixture.portal.timeZone);
    await seedDemoOnboarding(db, fixture.portal.id, today);
    if (await ensureDefaultPlaybooks(db, fixture.portal.id))
      process.stderr.write('  playbooks       the default set created\n');
    started = Date.now();
    process.stderr.write("  health history  scoring the demo's past weeks…\n");
    const days = await backfillDemoHealthHistory(db, fixture.portal.id, today);
    process.stderr.write(
      `  health history  ${days === 0 ? 'already scored' : `${days} past days scored`} (${seconds(started)})\n`,
    );
  }
  started = Date.now();
  process.stderr.write('  health          scoring the customers…\n');
  const summary = await recomputeMissingScores({ db, logger });
  const outcome =
    summary.recomputedPortalIds.length === 0
      ? 'already scored today'
      : `${summary.scored}/${summary.companies} companies scored`;
  process.stderr.write(`  health          ${outcome} (${seconds(started)})\n`);
  // Onboarding and health rows came in bulk too: the planner gets their statistics before the first card.
  await refreshPlannerStatistics(db);
}
