import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';
import { z } from 'zod';
import type { ServicePauses } from './card-service-protocol';

const gcKindSchema = z.object({ detail: z.object({ kind: z.number() }) });

/**
 * What stalls the service's event loop (bench only): garbage collection, from V8's gc entries, and the loop's delay as
 * a 1 ms timer sees it (a blocking JSON parse, a GC, or the process waiting for a CPU). `gcMilliseconds` counts up;
 * the rest covers the time since the previous `read()`, so a read before and one after a run frame it.
 */
export function installPauseMonitor(): { read(): ServicePauses } {
  let gcMilliseconds = 0;
  let longestGc = 0;
  let majorGcs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMilliseconds += entry.duration;
      longestGc = Math.max(longestGc, entry.duration);
      if (gcKindSchema.safeParse(entry.toJSON()).data?.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        majorGcs += 1;
    }
  }).observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  return {
    read() {
      const pauses: ServicePauses = {
        gcMilliseconds,
        longestGcMilliseconds: longestGc,
        majorGcs,
        loopDelayP99Milliseconds: delay.percentile(99) / 1e6,
        loopDelayMaxMilliseconds: delay.max / 1e6,
      };
      longestGc = 0;
      majorGcs = 0;
      delay.reset();
      return pauses;
    },
  };
}
