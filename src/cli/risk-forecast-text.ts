import { formatQuarter } from '../../extensions/app/pages/components/format';
import { minorUnitDigits } from '../domain/contracts/currency';
import type { RenewalForecast } from '../domain/risk/renewal-forecast';
import { dayInWords } from '../domain/text/day-in-words';
import { moneyInWords } from '../domain/text/money-in-words';

export interface ForecastTextOptions {
  readonly quarter: string;
  readonly currency: string;
  /** Company names by id, where the source has them. */
  readonly companyNames: ReadonlyMap<string, string>;
  /** How many of the riskiest renewals to list. */
  readonly riskiest?: number;
}

/** The quarter's forecast as a manager reads it: the totals in money, then the renewals with the most MRR at risk. */
export function forecastText(forecast: RenewalForecast, options: ForecastTextOptions): string {
  const digits = minorUnitDigits(options.currency);
  const money = (minor: number) => moneyInWords(minor, options.currency, digits);
  // Expectations are estimates: in whole units, as cents would claim a precision they do not have.
  const unit = 10 ** digits;
  const estimate = (minor: number) => money(Math.round(minor / unit) * unit);
  const [low, high] = forecast.intervalMinor;
  const lines = [
    `Renewal forecast for ${formatQuarter(options.quarter)}, as seen on ${dayInWords(forecast.forecastDate)}`,
    forecast.method === 'model'
      ? `Chances of churn from the churn-risk model (${forecast.reason})`
      : `No churn-risk model yet (${forecast.reason}): every renewal gets the past churn rate, or its health score`,
    `Renewals:           ${forecast.renewals}, ${money(forecast.amountUpMinor)} MRR up for renewal`,
    `Expected to renew:  ${estimate(forecast.expectedRenewedMinor)} MRR (95% interval ${estimate(low)} to ${estimate(high)})`,
    `At risk:            ${estimate(forecast.atRiskMinor)} MRR (amount x chance of churn)`,
    forecast.actualRenewedMinor === null
      ? `Outcome:            not known yet: the quarter's renewals are not all settled`
      : `Outcome:            ${money(forecast.actualRenewedMinor)} MRR renewed; the forecast was ${estimate(Math.abs(forecast.errorMinor ?? 0))} ${(forecast.errorMinor ?? 0) < 0 ? 'too high' : 'too low'}, ${forecast.withinInterval ? 'within' : 'outside'} its interval`,
  ];
  const riskiest = [...forecast.predictions]
    .sort((first, second) => second.amountMinor * second.churnProbability - first.amountMinor * first.churnProbability)
    .slice(0, options.riskiest ?? 10);
  if (riskiest.length === 0) return lines.join('\n');
  lines.push('', 'Most MRR at risk:');
  for (const prediction of riskiest) {
    const name = options.companyNames.get(prediction.companyId) ?? `Company ${prediction.companyId}`;
    const outcome = prediction.churned === null ? '' : prediction.churned ? ', churned' : ', renewed';
    lines.push(
      `  ${dayInWords(prediction.renewalDate).padEnd(13)} ${name}: ${money(prediction.amountMinor)} MRR, ${Math.round(prediction.churnProbability * 100)}% chance of churn${outcome}`,
    );
  }
  return lines.join('\n');
}
