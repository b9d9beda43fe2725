// Card endpoint benchmark: the whole card for one company of a 10k-company portfolio, signature checked.
// Usage: npx tsx bench/card-endpoint.ts [--companies 10000] [--events-per-company 16] [--rate 500] [--seconds 10] [--sequential-only] [--sequential-requests 400] [--pglite]
//   --sequential-only skips the open-loop runs (for `node --cpu-prof --import tsx bench/card-endpoint.ts --sequential-only`);
//   --keep leaves the Postgres database in place and prints its URL, --reuse URL skips the seed.
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { runCli } from '../src/cli/run-cli';
import { createLogger } from '../src/config/logger';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { createApp } from '../src/http/app';
import { signatureV3, verifyHubSpotSignature } from '../src/http/middleware/hubspot-signature';
import { cardModule, companyCardPath, jsonBody } from '../src/http/routes/card-routes';
import { createServerDatabase, postgresServerAvailable } from '../test/support/databases';
import { benchCompanyId, benchPortal, seedPortfolio } from './card-endpoint-seed';
import { runLoad, sequentialMilliseconds, summarize, type LoadRequest } from './card-load';
import { installQueryCounter } from './query-counter';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '10000' },
    'events-per-company': { type: 'string', default: '16' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    'sequential-requests': { type: 'string', default: '400' },
    'sequential-only': { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const size = { companies: Number(values.companies), eventsPerCompany: Number(values['events-per-company']) };
const ratePerSecond = Number(values.rate);
const seconds = Number(values.seconds);
const warmUpSeconds = 2;
const sequentialRequests = Number(values['sequential-requests']);
const clientSecret = 'bench-client-secret';
const publicUrl = 'https://cs.example.com';
// The baseline: the same middleware and signature check, and one `select 1` round trip.
const signedPingPath = '/bench/signed-ping';
const queries = installQueryCounter();

async function openBenchDatabase(): Promise<DatabaseHandle & { description: string }> {
  if (values.pglite || !postgresServerAvailable) return { ...(await openDatabase({ dataDir: 'memory' })), description: 'PGlite' };
  const database = values.reuse === undefined ? await createServerDatabase() : { url: values.reuse, drop: async () => undefined };
  const handle = await openDatabase({ databaseUrl: database.url, poolSize: 10 });
  const keep = values.keep || values.reuse !== undefined;
  return {
    ...handle,
    description: 'Postgres server',
    close: async () => {
      await handle.close();
      if (keep) process.stderr.write(`kept ${database.url}\n`);
      else await database.drop();
    },
  };
}

function signedPingModule(app: Express, { db }: { db: DatabaseHandle['db'] }): void {
  app.get(signedPingPath, jsonBody, verifyHubSpotSignature({ clientSecret, publicUrl }), async (_request, response) => {
    await db.execute(sql`select 1`);
    response.json({ ok: true });
  });
}

function signedRequests(count: number, pathOf: (index: number) => string): LoadRequest[] {
  // Signed ahead of time (well within HubSpot's 5-minute window) so the generator only sends.
  const timestamp = String(Date.now());
  return Array.from({ length: count }, (_, index) => {
    const path = pathOf(index);
    const signature = signatureV3(clientSecret, 'GET', `${publicUrl}${path}`, '', timestamp);
    return { path, headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp } };
  });
}

/** Service time, SQL statements and this process's CPU per request (CPU time barely moves with the machine's load). */
async function sequentialWithQueries(port: number, requests: readonly LoadRequest[]) {
  const before = queries.count();
  const cpuBefore = process.cpuUsage();
  const milliseconds = await sequentialMilliseconds(port, requests);
  const cpu = process.cpuUsage(cpuBefore);
  return { milliseconds, queriesPerRequest: (queries.count() - before) / requests.length, cpuMilliseconds: (cpu.user + cpu.system) / 1000 / requests.length };
}

const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

runCli(async () => {
  const handle = await openBenchDatabase();
  try {
    const seedStarted = Date.now();
    if (values.reuse === undefined) await seedPortfolio(handle, size, Date.now());
    process.stdout.write(`Seeded ${size.companies} companies (${size.eventsPerCompany} usage events each, health run done) on ${handle.description} in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s\n`);
    const app = createApp({ db: handle.db, logger: createLogger('silent'), modules: [signedPingModule, cardModule({ clientSecret, publicUrl })] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const total = (warmUpSeconds + seconds) * ratePerSecond;
    const skip = warmUpSeconds * ratePerSecond;
    const query = `userId=1&userEmail=csm%40example.com&appId=1&portalId=${benchPortal.id}`;
    const cardRequests = signedRequests(total, (index) => `${companyCardPath}?companyId=${benchCompanyId((index * 7_919) % size.companies)}&${query}`);
    const sequentialCount = Math.min(sequentialRequests, total);
    const pingRequests = signedRequests(total, () => `${signedPingPath}?${query}`);

    process.stdout.write(`load average before: ${load()} on ${availableParallelism()} cores\n`);
    await sequentialMilliseconds(port, [...pingRequests.slice(0, 100), ...cardRequests.slice(-100)]);
    const ping = await sequentialWithQueries(port, pingRequests.slice(0, sequentialCount));
    const card = await sequentialWithQueries(port, cardRequests.slice(0, sequentialCount));
    const line = (label: string, run: typeof card) =>
      `${label.padEnd(32)} ${run.milliseconds.toFixed(2)} ms/request, ${run.cpuMilliseconds.toFixed(2)} ms Node CPU/request (server and client), ${run.queriesPerRequest.toFixed(1)} SQL statements/request\n`;
    process.stdout.write(`sequential, one request at a time:\n${line('  GET signed select 1 (baseline)', ping)}${line('  GET card', card)}`);
    process.stdout.write(`  card / baseline: time x${(card.milliseconds / ping.milliseconds).toFixed(2)}, Node CPU x${(card.cpuMilliseconds / ping.cpuMilliseconds).toFixed(2)}\n`);
    if (!values['sequential-only']) {
      const baseline = summarize('GET signed select 1 (baseline)', await runLoad(port, ratePerSecond, pingRequests), skip);
      const loaded = summarize('GET card (v3 signature checked)', await runLoad(port, ratePerSecond, cardRequests), skip);
      process.stdout.write(`card / baseline at ${ratePerSecond} req/s: p50 x${(loaded.p50 / baseline.p50).toFixed(1)}, p99 x${(loaded.p99 / baseline.p99).toFixed(1)}; target p99 < 25 ms: ${loaded.p99 < 25 ? 'met' : 'NOT met'}\n`);
    }
    process.stdout.write(`load average after: ${load()} on ${availableParallelism()} cores\n`);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await handle.close();
  }
});
