import { z } from 'zod';
import type { Executor } from '../../db/client';
import { activityKpiAggregates, type SessionSource } from '../../db/repositories/kpi-activity-repository';
import { contractKpiAggregates } from '../../db/repositories/kpi-contracts-repository';
import { dayActivityKpiAggregates } from '../../db/repositories/kpi-day-activity-repository';
import { onboardingKpiAggregates } from '../../db/repositories/kpi-onboarding-repository';
import { kpiCutColumns, type KpiQuery, type KpiQueryPeriod } from '../../db/repositories/kpi-query-parts';
import { mauWindowStart } from '../../domain/kpi/kpi-windows';
import { kpiSettingsSchema } from '../../domain/kpi/kpi-settings';
import { defaultIngestionSettings } from '../../domain/usage/ingestion-settings';
import { calendarDateSchema, calendarMonthSchema, monthOf } from '../../domain/time/calendar-date';
import { portalSettingsForReading } from '../settings/settings-service';
import { periodAsOf, periodKindSchema, periodsBetween, periodStartDay } from '../../domain/time/periods';
import { combineAggregates, type GroupKpis } from './kpi-aggregates';
import { withKeptPeriods } from './kept-periods';

export const kpiCutSchema = z.enum(kpiCutColumns);
export type KpiCut = z.infer<typeof kpiCutSchema>;

export const portfolioKpiRequestSchema = z
  .object({
    portalId: z.number().int().positive(),
    timeZone: z.string().min(1),
    from: calendarMonthSchema,
    to: calendarMonthSchema,
    period: periodKindSchema.default('month'),
    cut: kpiCutSchema.nullable().default(null),
    /** Today in the portal's time zone: a period running on it is measured on it and marked partial. */
    asOf: calendarDateSchema,
    /** Default: the portal's stored KPI settings (see src/services/settings). */
    settings: kpiSettingsSchema.omit({ timeZone: true }).prefault({}),
    /** The catalog's core product: seat utilization counts its seats. Default: the portal's catalog setting. */
    coreProductId: z.string().min(1).default('core'),
    /** The session rules ingestion stores sessions with; other rules split the raw events instead. */
    storedSessionRules: kpiSettingsSchema.shape.sessions.default(defaultIngestionSettings.sessions),
    /** Read closed periods from the kept aggregates (see kept-periods.ts); false computes every period afresh. */
    reuseClosedPeriods: z.boolean().default(true),
  })
  .refine((request) => request.to <= monthOf(request.asOf), {
    path: ['to'],
    error: 'must not be after the current month',
  });

export type PortfolioKpiRequest = z.input<typeof portfolioKpiRequestSchema>;

/** Every KPI of domain §3.1 for the periods covering `from`..`to`, per group of the cut; the running period as of `asOf`. */
export async function portfolioKpis(db: Executor, requestInput: PortfolioKpiRequest): Promise<GroupKpis[]> {
  // What the caller leaves out comes from the portal's stored settings (KPI settings, the catalog's core product).
  const portalSettings =
    requestInput.settings === undefined || requestInput.coreProductId === undefined
      ? await portalSettingsForReading(db, requestInput.portalId)
      : undefined;
  const request = portfolioKpiRequestSchema.parse({
    ...requestInput,
    settings: requestInput.settings ?? portalSettings?.kpi,
    coreProductId: requestInput.coreProductId ?? portalSettings?.catalog.coreProductId,
  });
  const { settings, asOf } = request;
  const measured = periodsBetween(request.period, request.from, request.to).map((period) => periodAsOf(period, asOf));
  const queryPeriods: KpiQueryPeriod[] = measured.map(({ period }) => ({
    label: period.label,
    startDay: periodStartDay(period, settings.periodStartBoundary),
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    mauFirstDay: mauWindowStart(period, settings.activeUsers.monthlyWindow),
  }));
  const query: KpiQuery = {
    portalId: request.portalId,
    timeZone: request.timeZone,
    periods: queryPeriods,
    cut: request.cut,
    customers: settings.customers,
  };
  const stored = request.storedSessionRules;
  const sessionsAreStored =
    settings.sessions.inactivityMinutes === stored.inactivityMinutes &&
    settings.sessions.useSessionId === stored.useSessionId;
  const sessionSource: SessionSource = sessionsAreStored
    ? { from: 'stored-sessions' }
    : { from: 'events', ...settings.sessions };
  const seatRules = {
    coreProductId: request.coreProductId,
    windowDays: settings.activeUsers.seatUtilizationWindowDays,
  };
  // Independent statements: on a server pool they run side by side. The longest first (at full scale the seats'
  // one, then the sessions'), so that on a small pool it does not wait behind a short one.
  const computeClosable = async (periodsQuery: KpiQuery) =>
    (
      await Promise.all([
        dayActivityKpiAggregates(db, periodsQuery, seatRules),
        activityKpiAggregates(db, periodsQuery, sessionSource),
        contractKpiAggregates(db, periodsQuery),
      ])
    ).flat();
  // Onboarding is measured as of today (who finished within the target so far), so it is never kept.
  const [closable, onboarding] = await Promise.all([
    request.reuseClosedPeriods
      ? withKeptPeriods(
          db,
          measured,
          query,
          { sessionSource, seatRules, readsRawEvents: sessionSource.from === 'events' },
          computeClosable,
        )
      : computeClosable(query),
    onboardingKpiAggregates(db, query, asOf, settings.onboarding.targetDays),
  ]);
  const rows = [...closable, ...onboarding];
  return combineAggregates(measured, rows, {
    periodStartBoundary: settings.periodStartBoundary,
    churn: settings.churn,
    lifetimeValue: settings.lifetimeValue,
    onboarding: settings.onboarding,
    asOf,
  });
}
