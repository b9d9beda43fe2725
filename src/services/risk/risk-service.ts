import type { Executor } from '../../db/client';
import { loadCompanyHistories, openRenewalDeals, type OpenRenewalDeal } from '../../db/repositories/risk-history-repository';
import { healthSettingsSchema } from '../../domain/health/health-settings';
import { renewalRecords } from '../../domain/renewals/renewal-records';
import { runBacktest } from '../../domain/risk/backtest';
import type { CompanyHistory } from '../../domain/risk/company-history';
import { companyRisk, portalPredictor, type CompanyRisk, type PortalPredictor } from '../../domain/risk/portal-risk';
import { renewalExamples } from '../../domain/risk/renewal-examples';
import { renewalForecast, type RenewalForecast } from '../../domain/risk/renewal-forecast';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';
import { buildBacktestReport, riskSettingsSchema, type BacktestReport, type RiskSettings } from './backtest-report';

const healthSettings = healthSettingsSchema.parse({});

export type RenewalRow = {
  companyId: string;
  renewalDate: CalendarDate;
  dealIds: string[];
  amountMinor: number;
  risk: CompanyRisk;
  /** The company's open renewal deal in HubSpot (the one expected to close first), if any. */
  renewalDeal: Omit<OpenRenewalDeal, 'companyId'> | null;
};

function predictorFor(histories: readonly CompanyHistory[], asOf: CalendarDate, settings: RiskSettings): PortalPredictor {
  const examples = renewalExamples(histories, { asOf, leadDays: settings.backtest.leadDays, renewal: settings.renewal, healthSettings, coreFeaturesAvailable: settings.coreFeaturesAvailable });
  return portalPredictor(examples, runBacktest(examples, asOf, settings.backtest), asOf, settings.backtest);
}

/** The portal's backtest as of a day, from the histories stored in the database. */
export async function portalBacktest(db: Executor, portalId: number, asOf: CalendarDate, settings: RiskSettings = riskSettingsSchema.parse({})): Promise<BacktestReport> {
  return buildBacktestReport(await loadCompanyHistories(db, portalId), asOf, settings, healthSettings);
}

/** Renewals due from `asOf` to `asOf + withinDays` whose outcome is still open, each with the company's risk. */
export async function upcomingRenewals(db: Executor, portalId: number, asOf: CalendarDate, withinDays: number, settings: RiskSettings = riskSettingsSchema.parse({})): Promise<{ method: PortalPredictor['method']; reason: string; renewals: RenewalRow[] }> {
  const histories = await loadCompanyHistories(db, portalId);
  const predictor = predictorFor(histories, asOf, settings);
  const deals = new Map<string, Omit<OpenRenewalDeal, 'companyId'>>();
  for (const { companyId, ...deal } of await openRenewalDeals(db, portalId)) if (!deals.has(companyId)) deals.set(companyId, deal);
  const last = addDays(asOf, withinDays);
  const renewals = histories.flatMap((history) =>
    renewalRecords(history.contracts, asOf, settings.renewal)
      .filter((record) => record.outcome === 'pending' && record.renewalDate >= asOf && record.renewalDate <= last)
      .map((record) => ({
        companyId: record.companyId,
        renewalDate: record.renewalDate,
        dealIds: record.dealIds,
        amountMinor: record.amountMinor,
        risk: companyRisk(history, asOf, predictor, healthSettings, settings.coreFeaturesAvailable),
        renewalDeal: deals.get(record.companyId) ?? null,
      })),
  );
  renewals.sort((first, second) => (first.renewalDate === second.renewalDate ? first.companyId.localeCompare(second.companyId) : first.renewalDate < second.renewalDate ? -1 : 1));
  return { method: predictor.method, reason: predictor.reason, renewals };
}

/** One company's churn risk as of a day; null when the portal has no contract of it. */
export async function companyChurnRisk(db: Executor, portalId: number, companyId: string, asOf: CalendarDate, settings: RiskSettings = riskSettingsSchema.parse({})): Promise<CompanyRisk | null> {
  const histories = await loadCompanyHistories(db, portalId);
  const history = histories.find((entry) => entry.companyId === companyId);
  if (history === undefined) return null;
  return companyRisk(history, asOf, predictorFor(histories, asOf, settings), healthSettings, settings.coreFeaturesAvailable);
}

/** The renewals of a quarter forecast the day before it, and what happened once they are settled. */
export async function quarterForecast(db: Executor, portalId: number, first: CalendarDate, last: CalendarDate, asOf: CalendarDate, settings: RiskSettings = riskSettingsSchema.parse({})): Promise<RenewalForecast> {
  return renewalForecast(await loadCompanyHistories(db, portalId), first, last, asOf, {
    leadDays: settings.backtest.leadDays,
    backtest: settings.backtest,
    renewal: settings.renewal,
    healthSettings,
    coreFeaturesAvailable: settings.coreFeaturesAvailable,
  });
}
