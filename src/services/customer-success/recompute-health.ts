import type { Database } from '../../db/client';
import { chunks } from '../../domain/collections/chunks';
import { loadDailyActivity, type DailyActivity } from '../../db/repositories/customer-success-activity-repository';
import {
  loadScoreContext,
  type HealthScoreRow,
  type ScoreContextRow,
} from '../../db/repositories/customer-success-health-repository';
import { replaceHealthScoresOfDay, scoresPerStatement } from '../../db/repositories/health-score-writes-repository';
import { loadHealthInputRows, type HealthInputRow } from '../../db/repositories/customer-success-inputs-repository';
import {
  analyzeNeverAnalyzed,
  bulkLoadRows,
  healthInputTables,
  healthTables,
  refreshPlannerStatistics,
} from '../../db/repositories/planner-statistics-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { coreFeatureKeys } from '../../domain/catalog/catalog-queries';
import { evaluateHealthAlerts, type HealthHistoryEntry } from '../../domain/health/health-alerts';
import { healthChangeSince } from '../../domain/health/health-change';
import { resolveHealthProfile } from '../../domain/health/health-profile';
import { computeHealthScore } from '../../domain/health/health-score';
import { addDays } from '../../domain/time/calendar-date';
import { summarizeMilestones } from '../../domain/lifecycle/onboarding';
import {
  adoptionStreakStart,
  lifecycleStageSchema,
  meetsAdoptionCriteria,
  resolveStage,
  type AdoptionSnapshot,
} from '../../domain/lifecycle/stage';
import type { SeatDay, PeerProfile } from '../../domain/suggestions/suggestion-inputs';
import { suggestExpansions } from '../../domain/suggestions/suggest';
import {
  coreFeaturesFor,
  coreFeaturesUsed,
  healthInputOf,
  onboardingRecordOf,
  ownedProductsOf,
  seatUtilizationPercent,
} from './company-scoring';
import { portalSendsUsage } from '../card/adoption-section';
import { customerSuccessSettingsFor, type CustomerSuccessSettings } from './customer-success-settings';
import { applyUsageMilestones, ensureOnboardingForCustomers } from './onboarding-service';

export interface RecomputeResult {
  readonly asOf: string;
  readonly companies: number;
  readonly scored: number;
  readonly onboardingOpened: number;
}

type DailyHistory = Map<string, DailyActivity[]>;

function snapshotOf(row: HealthInputRow, asOf: string, settings: CustomerSuccessSettings): AdoptionSnapshot {
  return {
    date: asOf,
    seatUtilizationPercent: seatUtilizationPercent(row),
    coreFeaturesUsed: coreFeaturesUsed(row, coreFeaturesFor(row, settings)),
  };
}

/**
 * Days the daily runs did not store are rebuilt from usage, for the companies that need them:
 * an adoption run without yesterday's row, a seat-expansion streak with missing days.
 */
async function rebuildMissingHistory(
  db: Database,
  portal: { id: number; timeZone: string },
  asOf: string,
  rows: readonly HealthInputRow[],
  context: Map<string, ScoreContextRow>,
  settings: CustomerSuccessSettings,
  usageSource: 'aggregates' | 'events',
): Promise<DailyHistory> {
  const seatRule = settings.suggestions.seatExpansion;
  const needing = rows.filter((row) => {
    const known = context.get(row.companyId);
    const adoptionUnknown =
      !known?.hasYesterday && meetsAdoptionCriteria(snapshotOf(row, asOf, settings), settings.lifecycle);
    const utilization = seatUtilizationPercent(row);
    const seatDaysMissing =
      utilization !== null &&
      utilization >= seatRule.minUtilizationPercent &&
      known?.seatStreakBroken !== true &&
      (known?.seatHistory.length ?? 0) < seatRule.sustainedDays - 1;
    return adoptionUnknown || seatDaysMissing;
  });
  return loadDailyActivity(db, {
    portalId: portal.id,
    companyIds: needing.map((row) => row.companyId),
    from: addDays(asOf, -Math.max(settings.lifecycle.establishedAfterDays, seatRule.sustainedDays)),
    to: addDays(asOf, -1),
    timeZone: portal.timeZone,
    // An approximation for rebuilt days: any core feature counts, whatever the plan was then.
    features: coreFeatureKeys(settings.catalog),
    seatProductId: settings.catalog.coreProductId,
    usageSource,
  });
}

function adoptionSinceFor(
  row: HealthInputRow,
  asOf: string,
  known: ScoreContextRow | undefined,
  rebuilt: DailyHistory,
  settings: CustomerSuccessSettings,
) {
  const today = snapshotOf(row, asOf, settings);
  if (!meetsAdoptionCriteria(today, settings.lifecycle)) return null;
  if (known?.hasYesterday) return known.yesterdayAdoptionSince ?? asOf;
  const snapshots: AdoptionSnapshot[] = (rebuilt.get(row.companyId) ?? []).map((day) => ({
    date: day.date,
    seatUtilizationPercent: day.seats === null || day.seats <= 0 ? null : (day.activeUsers * 100) / day.seats,
    coreFeaturesUsed: day.featuresUsed,
  }));
  return adoptionStreakStart([...snapshots, today], asOf, settings.lifecycle);
}

function seatHistoryFor(
  row: HealthInputRow,
  asOf: string,
  known: ScoreContextRow | undefined,
  rebuilt: DailyHistory,
): SeatDay[] {
  const today: SeatDay = {
    date: asOf,
    activeUsers: row.activeUsers,
    seats: row.seats !== null && row.seats > 0 ? row.seats : null,
  };
  // A stored day already breaks the streak: without the window's days the rule suggests nothing, as it would with them.
  if (known?.seatStreakBroken === true) return [today];
  const byDate = new Map<string, SeatDay>();
  for (const day of rebuilt.get(row.companyId) ?? [])
    byDate.set(day.date, { date: day.date, activeUsers: day.activeUsers, seats: day.seats });
  for (const day of known?.seatHistory ?? [])
    byDate.set(day.date, { date: day.date, activeUsers: day.activeUsers, seats: day.seats });
  byDate.set(asOf, today);
  return [...byDate.values()];
}

/**
 * Scores every customer of the portal on `asOf` and stores one row per company for the day
 * (a rerun replaces it), with the stage, alerts and suggestion candidates of the day.
 */
// The inputs query split by company into this many statements at once, to keep the 2-core reference server's
// cores busy (at 10k companies on a loaded machine four took 5 s where one took 8.6 s). Four, beside the score
// context's statement on the service's pool of 10, oversubscribed them: the 100k daily run took 29.4 s against
// 22.6 to 24.1 s with two, alternated.
export const parallelInputStatements = 2;

export async function recomputeHealth(
  db: Database,
  portalId: number,
  asOf: string,
  settingsGiven?: CustomerSuccessSettings,
  options: { readonly usageSource?: 'aggregates' | 'events' } = {},
): Promise<RecomputeResult> {
  const portal = await findPortal(db, portalId);
  if (portal === undefined) throw new RangeError(`Portal ${portalId} has not been synced`);
  // Read now, not from a cache: the scores stored below must follow a settings change made a moment ago.
  const settings = settingsGiven ?? (await customerSuccessSettingsFor(db, portalId));
  // A new portal's first run may find its inputs never analyzed: every statement below would be planned blind.
  await analyzeNeverAnalyzed(db, healthInputTables);
  const onboardingOpened = await ensureOnboardingForCustomers(db, portalId, asOf, settings);
  await applyUsageMilestones(db, portalId, asOf, portal.timeZone, settings);
  const health = settings.health;
  const [rows, context] = await Promise.all([
    loadHealthInputRows(db, {
      portalId,
      asOf,
      timeZone: portal.timeZone,
      sessionGapMinutes: settings.sessions.inactivityMinutes,
      useSessionIds: settings.sessions.useSessionId,
      coreProductId: settings.catalog.coreProductId,
      parallelStatements: parallelInputStatements,
      usageSource: options.usageSource ?? 'aggregates',
    }),
    loadScoreContext(db, portalId, asOf, health.changeWindowDays, health.alerts.historyToleranceDays, {
      days: settings.suggestions.seatExpansion.sustainedDays - 1,
      minUtilizationPercent: settings.suggestions.seatExpansion.minUtilizationPercent,
    }),
  ]);
  const rebuilt = await rebuildMissingHistory(
    db,
    portal,
    asOf,
    rows,
    context,
    settings,
    options.usageSource ?? 'aggregates',
  );
  // A portal sends usage when any company of it (a prospect on trial too) had an active user in the 60 days the
  // inputs read, as the card and the manager view decide: then a customer without any has none, not unknown.
  const portalHasUsage =
    rows.some((row) => row.activeUsers > 0 || row.previousActiveUsers > 0) ||
    (await portalSendsUsage(db, portalId, asOf));
  const peers: PeerProfile[] = rows.map((row) => ({
    ownedProductIds: ownedProductsOf(row).map((owned) => owned.productId),
    featuresUsed: Object.keys(row.featureUsers).filter((feature) => (row.featureUsers[feature] ?? 0) > 0),
  }));
  const scoreCompany = (row: HealthInputRow): HealthScoreRow | null => {
    const known = context.get(row.companyId);
    const onboarding = onboardingRecordOf(row);
    const summary = onboarding === null ? null : summarizeMilestones(onboarding, asOf);
    const adoptionSince = adoptionSinceFor(row, asOf, known, rebuilt, settings);
    // Most companies have no stage set by hand: a failed parse of null builds an error object for each of them.
    const setByHand = row.onboarding?.manualStage ?? null;
    const manualStage = setByHand === null ? null : lifecycleStageSchema.safeParse(setByHand);
    const override = manualStage?.success
      ? {
          stage: manualStage.data,
          setBy: row.onboarding?.manualStageSetBy ?? '',
          setAt: row.onboarding?.manualStageSetAt ?? '',
        }
      : null;
    const stage = resolveStage({ asOf, onboarding, adoptionSince, override }, settings.lifecycle);
    const profile = resolveHealthProfile(health, { segment: row.tier, stage: stage.stage });
    const counts = summary === null || summary.done + summary.onTrack + summary.behind === 0 ? null : summary;
    const explanation = computeHealthScore(healthInputOf(row, asOf, portalHasUsage, counts, settings), health, profile);
    if (explanation.score === null || explanation.band === null) return null;
    const change = healthChangeSince(explanation, known?.comparison?.base ?? null);
    const history: HealthHistoryEntry[] = [];
    if (known?.yesterdayBand && known.yesterdayScore !== null)
      history.push({ date: addDays(asOf, -1), score: known.yesterdayScore, band: known.yesterdayBand });
    if (known?.comparison)
      history.push({ date: known.comparison.date, score: known.comparison.score, band: known.comparison.band });
    const alerts = evaluateHealthAlerts(
      {
        asOf,
        today: { score: explanation.score, band: explanation.band },
        history,
        handoffDate: onboarding?.handoffDate ?? null,
        overdueMilestones: summary?.overdue ?? [],
        daysToRenewal: row.daysToRenewal,
        // Not measured, not zero, while the portal sends no usage: no low-utilization alert for every customer.
        seatUtilizationPercent: portalHasUsage ? seatUtilizationPercent(row) : null,
      },
      health,
    );
    const suggestions = suggestExpansions(
      {
        asOf,
        healthBand: explanation.band,
        onboardingComplete: stage.stage !== 'introduction',
        activeUsers: row.activeUsers,
        ownedProducts: ownedProductsOf(row),
        seatHistory: seatHistoryFor(row, asOf, known, rebuilt),
        featureUsers: row.featureUsers,
        peers,
        dismissals: [],
      },
      settings.catalog,
      settings.suggestions,
    );
    return {
      portalId,
      companyId: row.companyId,
      scoreDate: asOf,
      score: explanation.score,
      band: explanation.band,
      stage: stage.stage,
      adoptionSince,
      activeUsers: row.activeUsers,
      seats: row.seats !== null && row.seats > 0 ? row.seats : null,
      explanation: { ...explanation, change },
      alerts,
      suggestions: { candidates: suggestions.suggestions, suppressed: suggestions.suppressed },
    };
  };
  let scored = 0;
  // Scored a batch at a time as the writer pulls them: the next batch is scored while the database stores the last.
  // Only counted: nothing after the write needs the scores themselves, 100k of them with their documents.
  function* scoredBatches() {
    for (const batch of chunks(rows, scoresPerStatement)) {
      const scores = batch.map(scoreCompany).filter((score) => score !== null);
      scored += scores.length;
      yield scores;
    }
  }
  await replaceHealthScoresOfDay(db, { portalId, scoreDate: asOf }, scoredBatches());
  // A new portal's first run fills the health tables from nothing: the card's statement must not be planned on
  // empty-table statistics until autovacuum gets there (the usage tables' bulk loads analyze the same way).
  const newRows = onboardingOpened + (context.size === 0 ? scored : 0);
  if (newRows >= bulkLoadRows) await refreshPlannerStatistics(db, healthTables);
  return { asOf, companies: rows.length, scored, onboardingOpened };
}
