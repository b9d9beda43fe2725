import { Worker } from 'node:worker_threads';
import { z } from 'zod';

export type LoadRequest = { path: string; headers: Record<string, string> };

const resultSchema = z.object({
  latencies: z.array(z.number().nullable()),
  statuses: z.record(z.string(), z.number()),
  seconds: z.number(),
  sendingSeconds: z.number(),
});
export type LoadResult = z.infer<typeof resultSchema>;

/** Sends the requests open loop at `ratePerSecond` from a worker thread (see card-load-worker.ts). */
export function runLoad(port: number, ratePerSecond: number, requests: LoadRequest[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader, so it registers it before importing the TypeScript file.
    const workerUrl = JSON.stringify(new URL('./card-load-worker.ts', import.meta.url).href);
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${workerUrl}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { port, ratePerSecond, requests } });
    worker.once('message', (message: unknown) => {
      resolve(resultSchema.parse(message));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** One request at a time: the service time per request, which bounds the rate one process can sustain. */
export async function sequentialMilliseconds(port: number, requests: readonly LoadRequest[]): Promise<number> {
  const started = performance.now();
  for (const request of requests) {
    const response = await fetch(`http://127.0.0.1:${port}${request.path}`, { headers: request.headers });
    if (response.status !== 200)
      throw new Error(`${request.path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  }
  return (performance.now() - started) / requests.length;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly measured: number;
  /** Status code (or `error <code>`: no answer) to count, over every request sent, warm-up included. */
  readonly statuses: Record<string, number>;
  readonly offeredPerSecond: number;
}

/** Percentiles of the requests after the first `skip`. */
export function summarize(result: LoadResult, skip: number): LatencySummary {
  const measured = result.latencies
    .slice(skip)
    .filter((value): value is number => value !== null)
    .sort((a, b) => a - b);
  return {
    p50: percentile(measured, 0.5),
    p99: percentile(measured, 0.99),
    max: measured.at(-1) ?? Number.NaN,
    measured: measured.length,
    statuses: result.statuses,
    // The first request goes out at 0 s, the last one at sendingSeconds.
    offeredPerSecond: (result.latencies.length - 1) / result.sendingSeconds,
  };
}
