import type { Database } from '../../db/client';
import { chunks } from '../../domain/collections/chunks';
import { loadPlaybookSignalRows, type PlaybookSignalRow } from '../../db/repositories/playbook-signals-repository';
import type { CompanySignals } from '../../domain/playbooks/company-signals';
import type { SignalLookback } from '../../domain/playbooks/signal-lookback';
import { healthComponents } from '../../domain/health/health-settings';
import { daysBetween } from '../../domain/time/calendar-date';

// Seat utilization is kept for this many days back: the longest "for N days" a trigger may ask for.
const seatUtilizationDays = 30;

function utilization(activeUsers: number, seats: number | null): number | null {
  return seats === null || seats <= 0 ? null : (activeUsers * 100) / seats;
}

/** The company's signals; `usageMeasured` false while the portal sends no usage (see portalSendsUsage). */
export function signalsOf(row: PlaybookSignalRow, usageMeasured: boolean): CompanySignals {
  const components: CompanySignals['components'] = {};
  for (const component of healthComponents) {
    const score = row.components[component];
    if (score !== undefined) components[component] = score;
  }
  // One date difference per stored day rather than a date per day looked back: 100k companies run this.
  const seatDays: Array<number | null> = Array.from({ length: seatUtilizationDays }, () => null);
  seatDays[0] = usageMeasured ? utilization(row.active_users, row.seats) : null;
  for (const day of usageMeasured ? row.history : []) {
    const back = daysBetween(day.date, row.score_date);
    if (back >= 1 && back < seatUtilizationDays) seatDays[back] = utilization(day.activeUsers, day.seats);
  }
  return {
    companyId: row.company_id,
    name: row.name,
    ownerId: row.owner_id,
    tier: row.tier,
    industry: row.industry,
    touchModel: row.touch_model,
    properties: row.properties,
    asOf: row.score_date,
    score: row.score,
    band: row.band,
    components,
    history: row.history.map((day) => ({ date: day.date, score: day.score })),
    overdueMilestones: row.overdue_milestones,
    daysToRenewal: row.days_to_renewal,
    latestNps: row.latest_nps,
    activeUsers: usageMeasured ? row.active_users : null,
    seats: row.seats,
    seatUtilizationDays: seatDays,
    daysSinceLastUsage: row.last_usage === null ? null : daysBetween(row.last_usage, row.score_date),
  };
}

// Many companies' signals are read by this many statements at once, each for its share of the companies (a first
// evaluation reads every company's): one statement kept one core busy while the service waited.
const parallelSignalStatements = 2;
const companiesWorthSplitting = 2_000;

/**
 * The companies' signals (every scored company's when `companyIds` is left out) with the stored days `lookback`
 * asks for (signalLookbackOf the triggers evaluated), in no particular order.
 */
export async function loadCompanySignals(
  db: Database,
  portalId: number,
  asOf: string,
  lookback: SignalLookback,
  usageMeasured: boolean,
  companyIds?: readonly string[],
): Promise<CompanySignals[]> {
  const shares =
    companyIds === undefined || companyIds.length < companiesWorthSplitting
      ? [companyIds]
      : chunks(companyIds, Math.ceil(companyIds.length / parallelSignalStatements));
  const rows = await Promise.all(shares.map((share) => loadPlaybookSignalRows(db, portalId, asOf, lookback, share)));
  return rows.flat().map((row) => signalsOf(row, usageMeasured));
}
