import { z } from 'zod';
import { managerCutSchema, type ManagerPortfolioPayload } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import {
  listOnboardingMilestones,
  listOnboardingStages,
  ownerNames,
} from '../../db/repositories/manager-portfolio-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import {
  addCalendarMonths,
  calendarMonthSchema,
  firstDayOfMonth,
  lastDayOfMonth,
  monthOf,
  type CalendarMonth,
} from '../../domain/time/calendar-date';
import { periodsBetween } from '../../domain/time/periods';
import { unmatchedSummary } from '../ingestion/unmatched-summary';
import { alertList } from './alert-list';
import { renewalsNoteOf } from '../kpi/renewals-note-service';
import { customersOn } from './customer-count';
import { cohortRetentionView } from './cohort-retention-view';
import { healthDistribution } from './health-distribution';
import { headlineMonth, kpisByGroup, monthlyKpis } from './kpi-views';
import { onboardingOverview, onboardingRecordsByCompany } from './onboarding-overview';
import { openPlaybookRuns, openRunListLimit } from './open-playbook-runs';
import { teamMaturity } from './team-maturity';
import { portalSettingsForReading } from '../settings/settings-service';

/** Three years of months keeps the page readable and one request's work bounded. */
export const maximumManagerMonths = 36;
/** Without a range the view covers the twelve months ending with the current one. */
export const defaultManagerMonths = 12;

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export const managerPortfolioQuerySchema = z
  .object({
    from: calendarMonthSchema.optional(),
    to: calendarMonthSchema.optional(),
    cut: managerCutSchema.default('owner'),
    /** The month the headline shows; by default the last complete month of the range. */
    headline: calendarMonthSchema.optional(),
  })
  .superRefine((query, context) => {
    if (query.from === undefined || query.to === undefined) return;
    const months = monthIndex(query.to) - monthIndex(query.from) + 1;
    if (months < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (months > maximumManagerMonths)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range is ${months} months; at most ${maximumManagerMonths}`,
      });
  });

export type ManagerPortfolioQuery = z.infer<typeof managerPortfolioQuerySchema>;

/** The range asked for; a missing end defaults to the current month, a missing start to a year before the end. */
export function resolveRange(query: ManagerPortfolioQuery, asOf: string): { from: CalendarMonth; to: CalendarMonth } {
  // Months after the current one have no figures yet: the range ends with the current month at the latest.
  const to = query.to !== undefined && query.to < monthOf(asOf) ? query.to : monthOf(asOf);
  const from =
    query.from === undefined ? addCalendarMonths(to, 1 - defaultManagerMonths) : query.from < to ? query.from : to;
  return { from, to };
}

export interface ManagerPortfolioRequest {
  readonly portal: Portal;
  /** Today in the portal's time zone. */
  readonly asOf: string;
  readonly query: ManagerPortfolioQuery;
  /** Open playbook runs to list: the page's first few by default, every one (null) for the CSV export. */
  readonly openRunsLimit?: number | null;
}

/** Everything the manager view shows, for one portal: KPIs over time and by group, health, onboarding, alerts, maturity. */
export async function loadManagerPortfolio(
  db: Executor,
  { portal, asOf, query, openRunsLimit = openRunListLimit }: ManagerPortfolioRequest,
): Promise<ManagerPortfolioPayload> {
  const { from, to } = resolveRange(query, asOf);
  const scope = { portalId: portal.id, timeZone: portal.timeZone, currency: portal.currency, asOf };
  const monthLabels = periodsBetween('month', from, to).map((period) => period.label);
  // Every count of customers in the view is taken on this one day.
  const lastDay = lastDayOfMonth(to) < asOf ? lastDayOfMonth(to) : asOf;
  const headline = headlineMonth({ from, to }, asOf, query.headline);
  const owners = await ownerNames(db, portal.id);
  const [months, groups, health, alerts, milestones, customers] = await Promise.all([
    monthlyKpis(db, scope, from, to),
    kpisByGroup(db, scope, headline, query.cut, owners),
    healthDistribution(db, portal.id, monthLabels, lastDay),
    alertList(db, portal.id, asOf, owners),
    listOnboardingMilestones(db, portal.id, portal.timeZone),
    customersOn(db, portal.id, lastDay),
  ]);
  const stages = await listOnboardingStages(db, portal.id, health.scoredOn, asOf);
  const unmatched = await unmatchedSummary(db, portal.id);
  const records = onboardingRecordsByCompany(milestones);
  const onboarding = onboardingOverview(stages, records, asOf, from, to);
  const maturity = await teamMaturity(
    db,
    { portalId: portal.id, timeZone: portal.timeZone, firstDay: firstDayOfMonth(from), lastDay, asOf },
    months,
    customers.count,
    { opened: onboarding.tracked, completed: onboarding.payload.measured },
    (await portalSettingsForReading(db, portal.id)).maturity,
  );
  const retention = await cohortRetentionView(db, scope, from, to, asOf);
  const playbookRuns = await openPlaybookRuns(db, portal.id, asOf, owners, openRunsLimit);
  return {
    version: 1,
    portalId: portal.id,
    currency: portal.currency,
    asOf,
    from,
    to,
    headlineMonth: headline,
    months,
    customers,
    health,
    onboarding: onboarding.payload,
    groups: { cut: query.cut, period: groups.period, rows: groups.rows },
    alerts,
    playbookRuns,
    retention,
    maturity,
    unmatchedEvents: { count: unmatched.count, hint: unmatched.hint },
    renewalsNote: await renewalsNoteOf(db, portal.id),
  };
}
