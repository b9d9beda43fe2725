import type { AlertItem, ManagerPortfolioPayload } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import { latestScoreDate, listAlertRows } from '../../db/repositories/customer-success-health-repository';
import { healthAlertSchema, type HealthAlert } from '../../domain/health/health-alerts';

/** The page shows the riskiest first; the total says how many more there are. */
export const alertListLimit = 50;

const bandWords = { red: 'at risk', yellow: 'needing attention', green: 'healthy' } as const;

const count = new Intl.NumberFormat('en-US');

/** An alert as the manager's list says it: 'Seat utilization 9%, 1,039 days after hand-off'. */
export function describeAlert(alert: HealthAlert): string {
  switch (alert.kind) {
    case 'entered_red':
      return 'Became at risk';
    case 'score_drop':
      return `Score dropped ${alert.drop} points in 30 days`;
    case 'milestone_overdue':
      return `${alert.label} overdue by ${count.format(alert.daysOverdue)} days`;
    case 'renewal_at_risk':
      return `Renewal in ${alert.daysToRenewal} days while ${bandWords[alert.band]}`;
    case 'low_seat_utilization':
      return `Seat utilization ${Math.round(alert.seatUtilizationPercent)}%, ${count.format(alert.daysSinceHandoff)} days after hand-off`;
  }
}

/** The same alerts as `GET /api/v1/alerts` (the newest health run on or before `asOf`), owners by name. */
export async function alertList(
  db: Executor,
  portalId: number,
  asOf: string,
  owners: ReadonlyMap<string, string>,
): Promise<ManagerPortfolioPayload['alerts']> {
  const scoredOn = await latestScoreDate(db, portalId, asOf);
  const rows = scoredOn === null ? [] : await listAlertRows(db, portalId, scoredOn);
  const items: AlertItem[] = rows.slice(0, alertListLimit).map((row) => ({
    companyId: row.companyId,
    companyName: row.companyName,
    csm: row.csmId === null ? null : (owners.get(row.csmId) ?? `Owner ${row.csmId}`),
    score: row.score,
    band: row.band === 'red' || row.band === 'yellow' ? row.band : 'green',
    alerts: row.alerts.map((raw) => {
      const alert = healthAlertSchema.safeParse(raw);
      return alert.success ? describeAlert(alert.data) : 'Alert';
    }),
  }));
  return { scoredOn, total: rows.length, items };
}
