import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';

// The load generator runs on its own thread so its timers and sockets do not queue behind the server's event loop.
const jobSchema = z.object({
  port: z.number().int(),
  ratePerSecond: z.number().positive(),
  requests: z.array(z.object({ path: z.string(), headers: z.record(z.string(), z.string()) })),
});

const job = jobSchema.parse(workerData);
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
const interval = 1000 / job.ratePerSecond;
// null: no answer (a connection error), counted under its error code in `statuses` and left out of the percentiles.
const latencies: Array<number | null> = new Array<number | null>(job.requests.length).fill(null);
const settled = new Uint8Array(job.requests.length);
const statuses = new Map<string, number>();
let finished = 0;
let sent = 0;
let lastSentAt = 0;
const startedAt = performance.now();

function send(index: number): void {
  const request = job.requests[index];
  if (!request) return;
  // Measured from the scheduled start, so a lagging generator or server shows up as latency (open loop).
  const scheduledAt = startedAt + index * interval;
  const outgoing = http.get(
    { host: '127.0.0.1', port: job.port, path: request.path, headers: request.headers, agent },
    (response) => {
      response.resume();
      response.on('end', () => settle(index, String(response.statusCode ?? 0), performance.now() - scheduledAt));
    },
  );
  outgoing.on('error', (error: NodeJS.ErrnoException) => settle(index, `error ${error.code ?? error.message}`, null));
}

/** Records a request's outcome once: a socket error after its response ended must not count it twice. */
function settle(index: number, status: string, latency: number | null): void {
  if (settled[index] === 1) return;
  settled[index] = 1;
  latencies[index] = latency;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  if (++finished === job.requests.length) done();
}

function done(): void {
  agent.destroy();
  parentPort?.postMessage({
    latencies,
    statuses: Object.fromEntries(statuses),
    seconds: (performance.now() - startedAt) / 1000,
    sendingSeconds: (lastSentAt - startedAt) / 1000,
  });
}

const timer = setInterval(() => {
  const due = Math.min(job.requests.length, Math.floor((performance.now() - startedAt) / interval) + 1);
  while (sent < due) send(sent++);
  if (sent === job.requests.length) {
    lastSentAt = performance.now();
    clearInterval(timer);
  }
}, 1);
