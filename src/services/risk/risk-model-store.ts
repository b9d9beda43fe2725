import type { Executor } from '../../db/client';
import {
  findRiskModel,
  replaceCompanyRisks,
  replaceRiskModel,
  type StoredCompanyRisk,
  type StoredRiskModel,
} from '../../db/repositories/risk-models-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { loadCompanyHistories } from '../../db/repositories/risk-history-repository';
import type { HealthSettings } from '../../domain/health/health-settings';
import { runBacktest } from '../../domain/risk/backtest';
import type { CompanyHistory } from '../../domain/risk/company-history';
import { companyRisk, portalPredictor, type PortalPredictor } from '../../domain/risk/portal-risk';
import { riskModelSchema } from '../../domain/risk/risk-model';
import type { RiskSettings } from '../../domain/risk/risk-settings';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { loadPortalSettings } from '../settings/settings-service';
import { backtestReportOf, backtestReportSchema, portalExamples, type BacktestReport } from './backtest-report';

export interface RiskInputs {
  readonly risk: RiskSettings;
  readonly health: HealthSettings;
}

/** The portal's predictor as trained on `asOf`, with the backtest that chose it and the renewals it learned from. */
export interface TrainedPredictor {
  readonly predictor: PortalPredictor;
  readonly report: BacktestReport;
  readonly asOf: CalendarDate;
  readonly trainedAt: string;
  readonly trainingExamples: number;
  readonly trainingWindow: { readonly firstRenewal: CalendarDate | null; readonly lastRenewal: CalendarDate | null };
}

export async function riskInputsFor(db: Executor, portalId: number): Promise<RiskInputs> {
  const settings = await loadPortalSettings(db, portalId);
  return { risk: settings.risk, health: settings.health };
}

function fingerprintOf(inputs: RiskInputs): string {
  // Where renewal deals go has no bearing on the model: changing it retrains nothing.
  const { renewalDeal: _renewalDeal, ...risk } = inputs.risk;
  return JSON.stringify([risk, inputs.health]);
}

/** Trains on the histories as they were on `asOf`: the backtest, then the predictor it chose. Pure. */
export function trainPredictor(
  histories: readonly CompanyHistory[],
  asOf: CalendarDate,
  inputs: RiskInputs,
  now: Date,
): TrainedPredictor {
  const examples = portalExamples(histories, asOf, inputs.risk, inputs.health);
  const outcome = runBacktest(examples, asOf, inputs.risk.backtest);
  const settled = examples
    .filter((example) => example.settledOn <= asOf)
    .map((example) => example.record.renewalDate)
    .sort();
  return {
    predictor: portalPredictor(examples, outcome, asOf, inputs.risk.backtest),
    report: backtestReportOf(outcome, asOf, inputs.risk),
    asOf,
    trainedAt: now.toISOString(),
    trainingExamples: settled.length,
    trainingWindow: { firstRenewal: settled[0] ?? null, lastRenewal: settled.at(-1) ?? null },
  };
}

function fromStored(row: StoredRiskModel): TrainedPredictor {
  const model = row.method === 'model' ? riskModelSchema.parse(row.model) : null;
  return {
    predictor:
      model === null ? { method: 'health-score', reason: row.reason } : { method: 'model', model, reason: row.reason },
    report: backtestReportSchema.parse(row.backtest),
    asOf: row.asOf,
    trainedAt: new Date(row.trainedAt).toISOString(),
    trainingExamples: row.trainingExamples,
    trainingWindow: { firstRenewal: row.trainingFirstRenewal, lastRenewal: row.trainingLastRenewal },
  };
}

function storedRiskOf(
  portalId: number,
  history: CompanyHistory,
  asOf: CalendarDate,
  predictor: PortalPredictor,
  inputs: RiskInputs,
): StoredCompanyRisk {
  const risk = companyRisk(history, asOf, predictor, inputs.health, inputs.risk.coreFeaturesAvailable);
  return {
    portalId,
    companyId: history.companyId,
    asOf,
    method: risk.method,
    churnProbability: risk.churnProbability,
    healthScore: risk.healthScore,
    drivers: risk.drivers,
    nextRenewalDate: risk.nextRenewalDate,
  };
}

/** Trains the portal's predictor on `asOf`, scores every company with it and stores both, replacing the last run. */
export async function retrainPortalRisk(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  now = new Date(),
): Promise<TrainedPredictor & { readonly companies: number }> {
  const inputs = await riskInputsFor(db, portalId);
  const histories = await loadCompanyHistories(db, portalId);
  const trained = trainPredictor(histories, asOf, inputs, now);
  const risks = histories.map((history) => storedRiskOf(portalId, history, asOf, trained.predictor, inputs));
  await replaceRiskModel(
    db,
    {
      portalId,
      trainedAt: trained.trainedAt,
      asOf,
      method: trained.predictor.method,
      reason: trained.predictor.reason,
      model: trained.predictor.method === 'model' ? trained.predictor.model : null,
      backtest: trained.report,
      trainingExamples: trained.trainingExamples,
      trainingFirstRenewal: trained.trainingWindow.firstRenewal,
      trainingLastRenewal: trained.trainingWindow.lastRenewal,
      settingsFingerprint: fingerprintOf(inputs),
    },
    risks,
  );
  return { ...trained, companies: risks.length };
}

/** Whether the stored run may answer for `asOf`: trained on or before it (no look-ahead), recently enough, under today's settings. */
function storedServes(row: StoredRiskModel, asOf: CalendarDate, inputs: RiskInputs): boolean {
  return (
    row.asOf <= asOf &&
    addDays(row.asOf, inputs.risk.retrainEveryDays) > asOf &&
    row.settingsFingerprint === fingerprintOf(inputs)
  );
}

/**
 * The predictor that answers for `asOf`: the stored one while it is fresh; else one trained now and not stored (a read
 * writes nothing: the `risk.refresh` job stores models). A question about the past gets a model trained then.
 */
export async function predictorFor(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  histories?: readonly CompanyHistory[],
): Promise<TrainedPredictor> {
  const inputs = await riskInputsFor(db, portalId);
  const stored = await findRiskModel(db, portalId);
  if (stored !== undefined && storedServes(stored, asOf, inputs)) return fromStored(stored);
  return trainPredictor(histories ?? (await loadCompanyHistories(db, portalId)), asOf, inputs, new Date());
}

/**
 * The daily risk job: retrains when the stored model is due (missing, older than the retraining interval, or trained
 * under other settings), else scores every company again with it; either way the stored company risks are as of `asOf`.
 */
export async function refreshPortalRisk(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  now = new Date(),
): Promise<{ readonly retrained: boolean; readonly companies: number; readonly method: PortalPredictor['method'] }> {
  const inputs = await riskInputsFor(db, portalId);
  const stored = await findRiskModel(db, portalId);
  if (stored === undefined || !storedServes(stored, asOf, inputs)) {
    const trained = await retrainPortalRisk(db, portalId, asOf, now);
    return { retrained: true, companies: trained.companies, method: trained.predictor.method };
  }
  const trained = fromStored(stored);
  const histories = await loadCompanyHistories(db, portalId);
  await replaceCompanyRisks(
    db,
    portalId,
    histories.map((history) => storedRiskOf(portalId, history, asOf, trained.predictor, inputs)),
  );
  return { retrained: false, companies: histories.length, method: trained.predictor.method };
}

/** `refreshPortalRisk` on the portal's local today. */
export async function refreshPortalRiskToday(
  db: Executor,
  portalId: number,
  now = new Date(),
): Promise<{
  readonly asOf: CalendarDate;
  readonly retrained: boolean;
  readonly companies: number;
  readonly method: PortalPredictor['method'];
}> {
  const portal = await findPortal(db, portalId);
  if (!portal) throw new RangeError(`Portal ${portalId} has not been synced`);
  const asOf = instantToLocalDate(now.getTime(), portal.timeZone);
  return { asOf, ...(await refreshPortalRisk(db, portalId, asOf, now)) };
}
