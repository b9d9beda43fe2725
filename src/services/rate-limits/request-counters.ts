import type { Database } from '../../db/client';
import {
  countHit,
  deleteEndedWindows,
  forgetWindow,
  readWindow,
  uncountHit,
  type WindowCount,
} from '../../db/repositories/rate-limit-repository';

export type { WindowCount } from '../../db/repositories/rate-limit-repository';

// Ended windows are swept by the replicas themselves, a bounded batch every this many hits.
const sweepEveryHits = 1_000;
const sweepRows = 500;

/** Fixed-window request counters every replica on one database shares. */
export function requestCounters(db: Database, windowMs: number) {
  let hitsSinceSweep = 0;
  return {
    async hit(key: string): Promise<WindowCount> {
      hitsSinceSweep += 1;
      if (hitsSinceSweep >= sweepEveryHits) {
        hitsSinceSweep = 0;
        await deleteEndedWindows(db, sweepRows);
      }
      return countHit(db, key, windowMs);
    },
    unhit: (key: string) => uncountHit(db, key),
    read: (key: string) => readWindow(db, key),
    forget: (key: string) => forgetWindow(db, key),
  };
}

export type RequestCounters = ReturnType<typeof requestCounters>;
