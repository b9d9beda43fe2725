import type { HealthSettings } from '../health/health-settings';
import {
  renewalRecords,
  renewalSettingsSchema,
  type RenewalRecord,
  type RenewalSettings,
} from '../renewals/renewal-records';
import { addDays, type CalendarDate } from '../time/calendar-date';
import type { CompanyHistory } from './company-history';
import { companySnapshot, type CompanySnapshot } from './company-snapshot';
import { baselineHealthScore } from './health-baseline';
import { riskFeatures, type RiskFeatures } from './risk-features';

/** A past renewal seen from its prediction date: what was known then, and what happened. */
export type RenewalExample = {
  record: RenewalRecord;
  predictionDate: CalendarDate;
  /**
   * The day by which either outcome would be known (renewal date + grace). A model learns from a renewal
   * only after it: learning from outcomes as soon as each is decided would see recent renewals (signed
   * early) before recent churns (known only after the grace period) and under-predict churn.
   */
  settledOn: CalendarDate;
  churned: boolean;
  snapshot: CompanySnapshot;
  features: RiskFeatures;
  healthScore: number | null;
};

export type ExampleOptions = {
  asOf: CalendarDate;
  leadDays: number;
  renewal?: Partial<RenewalSettings>;
  healthSettings: HealthSettings;
  coreFeaturesAvailable: number | null;
};

/**
 * Every renewal whose outcome was known by `asOf`, with the features as of `leadDays` before it. A
 * renewal the company was not a paying customer for on that day (e.g. a contract signed later) is
 * left out: there was nothing to predict yet. Churn means the customer left (not a lost line).
 */
export function renewalExamples(histories: readonly CompanyHistory[], options: ExampleOptions): RenewalExample[] {
  const examples: RenewalExample[] = [];
  const { graceDays } = renewalSettingsSchema.parse(options.renewal ?? {});
  for (const history of histories) {
    for (const record of renewalRecords(history.contracts, options.asOf, options.renewal)) {
      if (record.outcome === 'pending' || record.decidedOn === null) continue;
      const predictionDate = addDays(record.renewalDate, -options.leadDays);
      const snapshot = companySnapshot(history, predictionDate);
      const endingKnown = history.contracts.some(
        (contract) => record.dealIds.includes(contract.dealId) && contract.closeDate <= predictionDate,
      );
      if (snapshot.mrrMinor === 0 || !endingKnown) continue;
      examples.push({
        record,
        predictionDate,
        settledOn: addDays(record.renewalDate, graceDays),
        churned: record.outcome === 'churned',
        snapshot,
        features: riskFeatures(snapshot),
        healthScore: baselineHealthScore(snapshot, options.healthSettings, options.coreFeaturesAvailable),
      });
    }
  }
  return examples.sort((first, second) =>
    first.predictionDate < second.predictionDate ? -1 : first.predictionDate > second.predictionDate ? 1 : 0,
  );
}
