import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { runCli } from '../src/cli/run-cli';
import { createLogger } from '../src/config/logger';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { upsertCompanies } from '../src/db/repositories/companies-repository';
import { replaceContractsForDeals, type ContractRow } from '../src/db/repositories/contracts-repository';
import { upsertPortal } from '../src/db/repositories/portals-repository';
import { insertUsageEvents, type UsageEventRow } from '../src/db/repositories/usage-events-repository';
import { createApp } from '../src/http/app';
import { signatureV3 } from '../src/http/middleware/hubspot-signature';
import { cardModule, companyCardPath } from '../src/http/routes/card-routes';
import { createServerDatabase, postgresServerAvailable } from '../test/support/databases';

const companyCount = 10_000;
const eventsPerCompany = 16;
const ratePerSecond = 500;
const seconds = 10;
const warmUpSeconds = 2;
const portalId = 424_242;
const clientSecret = 'bench-client-secret';
const publicUrl = 'https://cs.example.com';
const day = 86_400_000;

async function openBenchDatabase(): Promise<DatabaseHandle & { description: string }> {
  if (!postgresServerAvailable) return { ...(await openDatabase({ dataDir: 'memory' })), description: 'PGlite (no Postgres server answered)' };
  const database = await createServerDatabase();
  const handle = await openDatabase({ databaseUrl: database.url, poolSize: 10 });
  return { ...handle, description: 'Postgres server', close: async () => { await handle.close(); await database.drop(); } };
}

async function seed(handle: DatabaseHandle, today: number): Promise<void> {
  await upsertPortal(handle.db, { id: portalId, timeZone: 'Europe/Berlin', currency: 'EUR' });
  const firsts = Array.from({ length: Math.ceil(companyCount / 1_000) }, (_, chunk) => chunk * 1_000);
  // Four chunks at a time: the seed is set-up, not the measurement.
  for (let batch = 0; batch < firsts.length; batch += 4) await Promise.all(firsts.slice(batch, batch + 4).map((first) => seedChunk(handle, today, first)));
}

async function seedChunk(handle: DatabaseHandle, today: number, first: number): Promise<void> {
  const ids = Array.from({ length: Math.min(1_000, companyCount - first) }, (_, offset) => String(5_000_000 + first + offset));
  await upsertCompanies(handle.db, ids.map((id) => ({ portalId, id, name: `Company ${id}` })));
  const contracts: ContractRow[] = ids.flatMap((id, index) => [
    { portalId, dealId: `${id}1`, companyId: id, kind: 'new', product: 'core', mrrMinor: 50_000 + index * 10, startDate: '2024-01-01', endDate: '2025-01-01', seats: 10 },
    { portalId, dealId: `${id}2`, companyId: id, kind: 'renewal', product: 'core', mrrMinor: 60_000 + index * 10, startDate: '2025-01-01', endDate: '2027-01-01', seats: 12 },
  ]);
  await replaceContractsForDeals(handle.db, portalId, contracts.map((contract) => contract.dealId), contracts);
  const events: UsageEventRow[] = ids.flatMap((id, index) =>
    Array.from({ length: eventsPerCompany }, (_, event) => ({
      portalId,
      messageId: `${id}-${event}`,
      companyId: id,
      userId: `u${(index + event) % 9}`,
      event: ['report_viewed', 'dashboard_built', 'export.csv'][event % 3] ?? 'report_viewed',
      occurredAt: new Date(today - (event * 3.5 + 0.5) * day),
      sessionId: `s${id}-${Math.floor(event / 2)}`,
      durationSeconds: 120 + event,
    })),
  );
  await insertUsageEvents(handle.db, events);
}

const resultSchema = z.object({ latencies: z.array(z.number().nullable()), statuses: z.record(z.string(), z.number()), seconds: z.number() });
type Request = { path: string; headers: Record<string, string> };

function runLoad(port: number, requests: Request[]): Promise<z.infer<typeof resultSchema>> {
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
async function sequentialMilliseconds(port: number, requests: readonly Request[]): Promise<number> {
  const started = performance.now();
  for (const request of requests) {
    const response = await fetch(`http://127.0.0.1:${port}${request.path}`, { headers: request.headers });
    if (response.status !== 200) throw new Error(`${request.path} answered ${response.status}`);
    await response.arrayBuffer();
  }
  return (performance.now() - started) / requests.length;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function summarize(label: string, result: z.infer<typeof resultSchema>, skip: number) {
  const measured = result.latencies.slice(skip).map((value) => value ?? Number.NaN).filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const summary = { p50: percentile(measured, 0.5), p99: percentile(measured, 0.99), max: measured.at(-1) ?? Number.NaN };
  process.stdout.write(
    `${label.padEnd(32)} p50 ${summary.p50.toFixed(2)} ms  p99 ${summary.p99.toFixed(2)} ms  max ${summary.max.toFixed(1)} ms  ` +
      `(${measured.length} measured, statuses ${JSON.stringify(result.statuses)}, ${(result.latencies.length / result.seconds).toFixed(0)} req/s offered)\n`,
  );
  return summary;
}

runCli(async () => {
  const handle = await openBenchDatabase();
  try {
    const seedStarted = Date.now();
    await seed(handle, Date.now());
    process.stdout.write(`Seeded ${companyCount} companies, ${2 * companyCount} contracts, ${companyCount * eventsPerCompany} usage events on ${handle.description} in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s\n`);
    const app = createApp({ db: handle.db, logger: createLogger('silent'), modules: [cardModule({ clientSecret, publicUrl })] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const total = (warmUpSeconds + seconds) * ratePerSecond;
    const skip = warmUpSeconds * ratePerSecond;

    const healthz = await runLoad(port, Array.from({ length: total }, () => ({ path: '/healthz', headers: {} })));
    const baseline = summarize('GET /healthz (unsigned baseline)', healthz, skip);

    // Signed ahead of time (well within HubSpot's 5-minute window) so the generator only sends.
    const timestamp = String(Date.now());
    const requests = Array.from({ length: total }, (_, index): Request => {
      const companyId = String(5_000_000 + ((index * 7_919) % companyCount));
      const path = `${companyCardPath}?companyId=${companyId}&userId=1&userEmail=csm%40example.com&appId=1&portalId=${portalId}`;
      const signature = signatureV3(clientSecret, 'GET', `${publicUrl}${path}`, '', timestamp);
      return { path, headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp } };
    });
    const sequentialCard = await sequentialMilliseconds(port, requests.slice(0, 300));
    const sequentialHealthz = await sequentialMilliseconds(port, Array.from({ length: 300 }, () => ({ path: '/healthz', headers: {} })));
    process.stdout.write(`sequential service time: card ${sequentialCard.toFixed(2)} ms, healthz ${sequentialHealthz.toFixed(2)} ms (x${(sequentialCard / sequentialHealthz).toFixed(1)})\n`);
    const card = summarize('GET card (v3 signature checked)', await runLoad(port, requests), skip);
    process.stdout.write(`load average during the run: ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${availableParallelism()} cores\n`);
    process.stdout.write(`card / healthz: p50 x${(card.p50 / baseline.p50).toFixed(1)}, p99 x${(card.p99 / baseline.p99).toFixed(1)}; target p99 < 25 ms: ${card.p99 < 25 ? 'met' : 'NOT met'}\n`);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await handle.close();
  }
});
