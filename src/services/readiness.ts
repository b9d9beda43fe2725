import { pingDatabase, type Database } from '../db/client';
import { dailyPauses } from '../db/repositories/call-budget-repository';

export interface Readiness {
  /** Portals whose HubSpot jobs wait for the daily reset; the API and the card still answer from the database. */
  readonly dailyLimitReached: ReadonlyArray<{ readonly portalId: number; readonly resumesAt: Date }>;
}

/** Throws when the database does not answer; otherwise says which portals wait for HubSpot's daily reset. */
export async function checkReadiness(db: Database): Promise<Readiness> {
  await pingDatabase(db);
  const paused = await dailyPauses(db);
  return { dailyLimitReached: paused.map((pause) => ({ portalId: pause.portalId, resumesAt: pause.until })) };
}
