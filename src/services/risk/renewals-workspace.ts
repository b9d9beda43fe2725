import type { RenewalsPayload, RenewalsQuery } from '../../../extensions/app/pages/shared/renewals-payload';
import type { Executor } from '../../db/client';
import type { Portal } from '../../db/repositories/portals-repository';
import { listCompanyGroups, ownerNameIn } from '../../db/repositories/risk-models-repository';
import { toMajorUnits } from '../../domain/money/major-units';
import { daysBetween, monthOf, type CalendarDate } from '../../domain/time/calendar-date';
import { periodsBetween } from '../../domain/time/periods';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { quarterForecast, upcomingRenewals } from './risk-service';

/**
 * The manager's renewals page: renewals due in the next 30/90/180 days (optionally one CSM's), riskiest
 * money first (amount x chance of churn, else the lowest health), and the running quarter's forecast.
 */
export async function loadRenewalsWorkspace(
  db: Executor,
  portal: Portal,
  asOf: CalendarDate,
  query: RenewalsQuery,
): Promise<RenewalsPayload> {
  const [upcoming, groups] = await Promise.all([
    upcomingRenewals(db, portal.id, asOf, query.within),
    listCompanyGroups(db, portal.id),
  ]);
  const csmOf = (companyId: string) => groups.companies.get(companyId)?.csmId ?? null;
  const digits = minorUnitDigits(portal.currency);
  const major = (minor: number) => toMajorUnits(minor, digits);
  const ownerName = (ownerId: string | null) => (ownerId ? ownerNameIn(groups, ownerId) : 'Unassigned');
  const shown = upcoming.renewals.filter(
    (renewal) => query.csm === undefined || csmOf(renewal.companyId) === query.csm,
  );
  const exposureMinor = (renewal: (typeof shown)[number]) =>
    renewal.risk.churnProbability === null ? null : Math.round(renewal.amountMinor * renewal.risk.churnProbability);
  const rows = shown
    .map((renewal) => {
      const company = groups.companies.get(renewal.companyId);
      const churn = renewal.risk.churnProbability;
      return {
        companyId: renewal.companyId,
        companyName: company?.name ?? `Company ${renewal.companyId}`,
        csm: ownerName(csmOf(renewal.companyId)),
        renewalDate: renewal.renewalDate,
        daysToRenewal: daysBetween(asOf, renewal.renewalDate),
        amount: major(renewal.amountMinor),
        churnPercent: churn === null ? null : Math.round(churn * 1000) / 10,
        exposure: churn === null ? null : major(exposureMinor(renewal) ?? 0),
        healthScore: renewal.risk.healthScore,
        healthBand: renewal.risk.healthBand,
        topDriver: renewal.risk.drivers[0]?.explanation ?? null,
        renewalDeal:
          renewal.renewalDeal === null
            ? null
            : `${renewal.renewalDeal.name ?? `Deal ${renewal.renewalDeal.dealId}`}${renewal.renewalDeal.stage ? ` (${renewal.renewalDeal.stage})` : ''}`,
      };
    })
    .sort(
      (first, second) =>
        (second.exposure ?? 0) - (first.exposure ?? 0) ||
        (first.healthScore ?? 101) - (second.healthScore ?? 101) ||
        first.renewalDate.localeCompare(second.renewalDate),
    );
  const [quarter] = periodsBetween('quarter', monthOf(asOf), monthOf(asOf));
  if (quarter === undefined) throw new RangeError(`No quarter holds ${asOf}`);
  const forecast = await quarterForecast(db, portal.id, quarter.firstDay, quarter.lastDay, asOf);
  // The filter offers whoever has a renewal in the window (and the one chosen, even with none).
  const csmIds = new Set([
    ...upcoming.renewals.flatMap((renewal) => csmOf(renewal.companyId) ?? []),
    ...(query.csm === undefined ? [] : [query.csm]),
  ]);
  return {
    asOf,
    currency: portal.currency,
    within: query.within,
    csm: query.csm ?? null,
    method: upcoming.method,
    reason: upcoming.reason,
    csms: [...csmIds]
      .map((id) => ({ id, name: ownerName(id) }))
      .sort((first, second) => first.name.localeCompare(second.name)),
    totals: {
      renewals: rows.length,
      amountUp: major(shown.reduce((total, renewal) => total + renewal.amountMinor, 0)),
      atRisk:
        upcoming.method === 'model'
          ? major(shown.reduce((total, renewal) => total + (exposureMinor(renewal) ?? 0), 0))
          : null,
    },
    renewals: rows,
    forecast: {
      quarter: quarter.label,
      partial: forecast.actualRenewedMinor === null,
      renewals: forecast.renewals,
      amountUp: major(forecast.amountUpMinor),
      expectedRenewed: major(forecast.expectedRenewedMinor),
      interval: [major(forecast.intervalMinor[0]), major(forecast.intervalMinor[1])],
      atRisk: major(forecast.atRiskMinor),
    },
  };
}
