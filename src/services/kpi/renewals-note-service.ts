import type { Executor } from '../../db/client';
import { findRenewalCheck } from '../../db/repositories/renewal-checks-repository';
import { renewalsNote } from '../../domain/kpi/renewals-note';
import { portalSettingsForReading } from '../settings/settings-service';

/** The KPI reports' sentence about the portal's deals that look like renewals of a term ending near them, if any. */
export async function renewalsNoteOf(db: Executor, portalId: number): Promise<string | null> {
  const check = await findRenewalCheck(db, portalId);
  if (check === undefined) return null;
  const { withinDays } = (await portalSettingsForReading(db, portalId)).kpi.renewals;
  return renewalsNote({ ...check, withinDays });
}
