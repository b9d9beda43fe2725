import type { Executor } from '../../db/client';
import { findExistingBusinessCheck } from '../../db/repositories/existing-business-checks-repository';
import { existingBusinessNote } from '../../domain/kpi/existing-business-note';
import { portalSettingsForReading } from '../settings/settings-service';

/** The KPI reports' sentence about the portal's "Existing business" deals that look like renewals, if any. */
export async function existingBusinessNoteOf(db: Executor, portalId: number): Promise<string | null> {
  const check = await findExistingBusinessCheck(db, portalId);
  if (check === undefined) return null;
  const { withinDays } = (await portalSettingsForReading(db, portalId)).kpi.existingBusinessDeals;
  return existingBusinessNote({ renewals: check.renewals, recognized: check.recognized, withinDays });
}
