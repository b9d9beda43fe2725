import type { Database } from '../../db/client';
import { loadPlaybookSignalRows, type PlaybookSignalRow } from '../../db/repositories/playbook-signals-repository';
import type { CompanySignals } from '../../domain/playbooks/company-signals';
import { healthAlertSchema } from '../../domain/health/health-alerts';
import { healthExplanationSchema } from '../../domain/health/health-score';
import { addDays, daysBetween } from '../../domain/time/calendar-date';

// Seat utilization is kept for this many days back: the longest "for N days" a trigger may ask for.
const seatUtilizationDays = 30;

function utilization(activeUsers: number, seats: number | null): number | null {
  return seats === null || seats <= 0 ? null : (activeUsers * 100) / seats;
}

export function signalsOf(row: PlaybookSignalRow): CompanySignals {
  const explanation = healthExplanationSchema.safeParse(row.explanation);
  const components: CompanySignals['components'] = {};
  let daysToRenewal: number | null = null;
  let latestNps: number | null = null;
  for (const component of explanation.success ? explanation.data.components : []) {
    components[component.component] = component.score;
    if (component.component === 'commercial') daysToRenewal = component.raw.daysToRenewal ?? null;
    if (component.component === 'sentiment') latestNps = component.raw.latestNps ?? null;
  }
  const alerts = healthAlertSchema.array().safeParse(row.alerts);
  const overdueMilestones = (alerts.success ? alerts.data : []).flatMap((alert) =>
    alert.kind === 'milestone_overdue'
      ? [{ key: alert.milestone, label: alert.label, daysOverdue: alert.daysOverdue }]
      : [],
  );
  const byDate = new Map(row.history.map((day) => [day.date, day]));
  const seatDays: Array<number | null> = [utilization(row.active_users, row.seats)];
  for (let back = 1; back < seatUtilizationDays; back += 1) {
    const day = byDate.get(addDays(row.score_date, -back));
    seatDays.push(day === undefined ? null : utilization(day.activeUsers, day.seats));
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
    overdueMilestones,
    daysToRenewal,
    latestNps,
    activeUsers: row.active_users,
    seats: row.seats,
    seatUtilizationDays: seatDays,
    daysSinceLastUsage: row.last_usage === null ? null : daysBetween(row.last_usage, row.score_date),
  };
}

export async function loadCompanySignals(
  db: Database,
  portalId: number,
  asOf: string,
  historyDays: number,
): Promise<CompanySignals[]> {
  return (await loadPlaybookSignalRows(db, portalId, asOf, Math.max(historyDays, seatUtilizationDays))).map(signalsOf);
}
