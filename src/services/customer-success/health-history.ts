import type { Database } from '../../db/client';
import {
  latestScoreDate,
  listAlertRows,
  listScoreHistory,
  type AlertRow,
} from '../../db/repositories/customer-success-health-repository';
import { addDays } from '../../domain/time/calendar-date';

/** A company's stored daily health scores over the `days` before `asOf` (inclusive). */
export function healthHistory(
  db: Database,
  portalId: number,
  companyId: string,
  asOf: string,
  days: number,
): Promise<Array<{ date: string; score: number; band: string }>> {
  return listScoreHistory(db, portalId, companyId, addDays(asOf, -days), asOf);
}

/**
 * The alerts of the newest scored day on or before `asOf`, optionally only one CSM's and/or one HubSpot owner's
 * companies; no day scored yet gives none.
 */
export async function latestAlerts(
  db: Database,
  portalId: number,
  asOf: string,
  only: { readonly csmId?: string | undefined; readonly ownerId?: string | undefined } = {},
): Promise<{ asOf: string | null; results: AlertRow[] }> {
  const date = await latestScoreDate(db, portalId, asOf);
  const rows = date === null ? [] : await listAlertRows(db, portalId, date);
  return {
    asOf: date,
    results: rows.filter(
      (row) =>
        (only.csmId === undefined || row.csmId === only.csmId) &&
        (only.ownerId === undefined || row.ownerId === only.ownerId),
    ),
  };
}
