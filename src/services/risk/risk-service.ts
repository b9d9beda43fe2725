import type { Executor } from '../../db/client';
import {
  loadCompanyHistories,
  openRenewalDeals,
  type OpenRenewalDeal,
} from '../../db/repositories/risk-history-repository';
import { listCompanyGroups, ownerNameIn } from '../../db/repositories/risk-models-repository';
import { unsyncedRenewalDeals } from '../../db/repositories/card-actions-repository';
import { renewalRecords } from '../../domain/renewals/renewal-records';
import { companyRisk, type CompanyRisk, type PortalPredictor } from '../../domain/risk/portal-risk';
import {
  forecastTotals,
  renewalForecast,
  type ForecastTotals,
  type RenewalForecast,
} from '../../domain/risk/renewal-forecast';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';
import type { BacktestReport } from './backtest-report';
import { predictorFor, riskInputsFor, type TrainedPredictor } from './risk-model-store';

export type RenewalRow = {
  companyId: string;
  renewalDate: CalendarDate;
  dealIds: string[];
  amountMinor: number;
  risk: CompanyRisk;
  /** The company's open renewal deal in HubSpot (the one expected to close first), if any. */
  renewalDeal: Omit<OpenRenewalDeal, 'companyId'> | null;
};

/** The backtest figures of the model that answers for `asOf`, with when and on what it was trained. */
export async function portalBacktest(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
): Promise<BacktestReport & { model: ModelSummary }> {
  const trained = await predictorFor(db, portalId, asOf);
  return { ...trained.report, model: modelSummary(trained) };
}

export type ModelSummary = {
  trainedAt: string;
  trainedAsOf: CalendarDate;
  method: PortalPredictor['method'];
  trainingRenewals: number;
  trainingWindow: { firstRenewal: CalendarDate | null; lastRenewal: CalendarDate | null };
};

function modelSummary(trained: TrainedPredictor): ModelSummary {
  return {
    trainedAt: trained.trainedAt,
    trainedAsOf: trained.asOf,
    method: trained.predictor.method,
    trainingRenewals: trained.trainingExamples,
    trainingWindow: { ...trained.trainingWindow },
  };
}

/** Renewals due from `asOf` to `asOf + withinDays` whose outcome is still open, each with the company's risk. */
export async function upcomingRenewals(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  withinDays: number,
): Promise<{ method: PortalPredictor['method']; reason: string; model: ModelSummary; renewals: RenewalRow[] }> {
  const histories = await loadCompanyHistories(db, portalId);
  const inputs = await riskInputsFor(db, portalId);
  const trained = await predictorFor(db, portalId, asOf, histories);
  const deals = new Map<string, Omit<OpenRenewalDeal, 'companyId'>>();
  for (const { companyId, ...deal } of await openRenewalDeals(db, portalId))
    if (!deals.has(companyId)) deals.set(companyId, deal);
  // A renewal deal the app has just created shows before the sync brings it in.
  const created = new Map<string, Omit<OpenRenewalDeal, 'companyId'>>();
  for (const deal of await unsyncedRenewalDeals(db, portalId))
    created.set(`${deal.companyId}:${deal.renewalDate}`, {
      dealId: deal.dealId,
      name: deal.name,
      stage: deal.stage,
      expectedCloseDate: deal.renewalDate,
    });
  const last = addDays(asOf, withinDays);
  const renewals = histories.flatMap((history) =>
    renewalRecords(history.contracts, asOf, inputs.risk.renewal)
      .filter((record) => record.outcome === 'pending' && record.renewalDate >= asOf && record.renewalDate <= last)
      .map((record) => ({
        companyId: record.companyId,
        renewalDate: record.renewalDate,
        dealIds: record.dealIds,
        amountMinor: record.amountMinor,
        risk: companyRisk(history, asOf, trained.predictor, inputs.health, inputs.risk.coreFeaturesAvailable),
        renewalDeal: deals.get(record.companyId) ?? created.get(`${record.companyId}:${record.renewalDate}`) ?? null,
      })),
  );
  renewals.sort((first, second) =>
    first.renewalDate === second.renewalDate
      ? first.companyId.localeCompare(second.companyId)
      : first.renewalDate < second.renewalDate
        ? -1
        : 1,
  );
  return { method: trained.predictor.method, reason: trained.predictor.reason, model: modelSummary(trained), renewals };
}

/** One company's churn risk as of a day; null when the portal has no contract of it. */
export async function companyChurnRisk(
  db: Executor,
  portalId: number,
  companyId: string,
  asOf: CalendarDate,
): Promise<CompanyRisk | null> {
  const [history] = await loadCompanyHistories(db, portalId, [companyId]);
  if (history === undefined) return null;
  const inputs = await riskInputsFor(db, portalId);
  const trained = await predictorFor(db, portalId, asOf);
  return companyRisk(history, asOf, trained.predictor, inputs.health, inputs.risk.coreFeaturesAvailable);
}

export type ForecastGroup = ForecastTotals & { key: string | null; label: string };

export type QuarterForecast = Omit<RenewalForecast, 'predictions'> & {
  /** By the company's CSM: the one assigned at hand-off, else its owner. */
  byCsm: ForecastGroup[];
  /** By the company's HubSpot owner, who stays the sales rep when the hand-off assigns a CSM of its own. */
  byOwner: ForecastGroup[];
  bySegment: ForecastGroup[];
};

function groupTotals(
  forecast: RenewalForecast,
  keyOf: (companyId: string) => string | null,
  labelOf: (key: string | null) => string,
): ForecastGroup[] {
  const groups = new Map<string | null, RenewalForecast['predictions']>();
  for (const prediction of forecast.predictions) {
    const key = keyOf(prediction.companyId);
    groups.set(key, [...(groups.get(key) ?? []), prediction]);
  }
  return [...groups.entries()]
    .map(([key, predictions]) => ({ key, label: labelOf(key), ...forecastTotals(predictions, forecast.settled) }))
    .sort((first, second) => second.amountUpMinor - first.amountUpMinor || first.label.localeCompare(second.label));
}

/** The renewals of a quarter forecast the day before it, split by CSM, owner and segment, and what happened once they are settled. */
export async function quarterForecast(
  db: Executor,
  portalId: number,
  first: CalendarDate,
  last: CalendarDate,
  asOf: CalendarDate,
): Promise<QuarterForecast> {
  const inputs = await riskInputsFor(db, portalId);
  const forecast = renewalForecast(await loadCompanyHistories(db, portalId), first, last, asOf, {
    leadDays: inputs.risk.backtest.leadDays,
    backtest: inputs.risk.backtest,
    renewal: inputs.risk.renewal,
    healthSettings: inputs.health,
    coreFeaturesAvailable: inputs.risk.coreFeaturesAvailable,
  });
  const groups = await listCompanyGroups(db, portalId);
  const { predictions: _predictions, ...totals } = forecast;
  const ownerName = (key: string | null) => (key === null ? 'No owner' : ownerNameIn(groups, key));
  return {
    ...totals,
    byCsm: groupTotals(
      forecast,
      (companyId) => groups.companies.get(companyId)?.csmId ?? null,
      (key) => (key === null ? 'No CSM' : ownerNameIn(groups, key)),
    ),
    byOwner: groupTotals(forecast, (companyId) => groups.companies.get(companyId)?.ownerId ?? null, ownerName),
    bySegment: groupTotals(
      forecast,
      (companyId) => groups.companies.get(companyId)?.tier ?? null,
      (key) => key ?? 'No segment',
    ),
  };
}
