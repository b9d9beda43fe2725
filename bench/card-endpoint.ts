// Card endpoint benchmark: the whole card for one company of a 10k-company portfolio, v3 signature checked,
// against a baseline (the same app, middleware and signature check, then `select 1`) measured in the same run.
// The service runs in a process of its own (card-service-process.ts), so its CPU time is the service's alone.
// Usage: npm run bench:card -- [--companies 10000] [--events-per-company 16] [--rate 500] [--seconds 10]
//   [--sequential-requests 400] [--sequential-only] [--workers 1] [--profile DIR] [--pglite] [--keep | --reuse URL]
//   --workers N   N service processes behind node:cluster (N replicas on one host; see README "Scaling out")
//   --profile DIR writes each service process's CPU profile and sampled allocations of the measured open-loop runs
//   --keep leaves the Postgres database in place and prints its URL; --reuse URL skips the seed (~20-70 s)
// The open loop runs twice on the Postgres server: just seeded (as the product leaves a new portal: VACUUM ANALYZE
// after the bulk loads and the first health run, nothing since), then settled (after a VACUUM ANALYZE of everything).
import { mkdir } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runCli } from '../src/cli/run-cli';
import { decodeSignedUri, signatureV3 } from '../src/http/middleware/hubspot-signature';
import { companyCardPath } from '../src/http/routes/card-routes';
import { createServerDatabase, postgresServerAvailable } from '../test/support/databases';
import { benchCompanyId, benchPortal } from './card-endpoint-seed';
import { runLoad, sequentialMilliseconds, summarize, type LoadRequest } from './card-load';
import type { ServicePauses, ServiceUsage } from './card-service-protocol';
import { startService, type ServiceControl } from './card-service-control';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '10000' },
    'events-per-company': { type: 'string', default: '16' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    'sequential-requests': { type: 'string', default: '400' },
    'sequential-only': { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
    profile: { type: 'string' },
    pglite: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const size = { companies: Number(values.companies), eventsPerCompany: Number(values['events-per-company']) };
const ratePerSecond = Number(values.rate);
const seconds = Number(values.seconds);
const warmUpSeconds = 3;
const workers = Number(values.workers);
const clientSecret = 'bench-client-secret';
const publicUrl = 'https://cs.example.com';
const signedPingPath = '/bench/signed-ping';
const query = `userId=1&userEmail=csm%40example.com&appId=1&portalId=${benchPortal.id}`;
const cardPath = (index: number) =>
  `${companyCardPath}?companyId=${benchCompanyId((index * 7_919) % size.companies)}&${query}`;
const pingPath = () => `${signedPingPath}?${query}`;

const cpu = (cost: ServiceCost) =>
  `${cost.cpuMilliseconds.toFixed(3)} ms (kernel ${cost.systemMilliseconds.toFixed(3)})`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const out = (line: string) => process.stdout.write(`${line}\n`);

async function benchDatabase(): Promise<{ url: string | undefined; seed: boolean; drop(): Promise<void> }> {
  if (values.pglite || !postgresServerAvailable) {
    if (workers > 1) throw new Error('--workers needs a Postgres server: PGlite lives inside one process');
    return { url: undefined, seed: true, drop: () => Promise.resolve() };
  }
  if (values.reuse !== undefined) return { url: values.reuse, seed: false, drop: () => Promise.resolve() };
  const database = await createServerDatabase();
  return {
    ...database,
    seed: true,
    drop: values.keep
      ? () => {
          process.stderr.write(`kept ${database.url}\n`);
          return Promise.resolve();
        }
      : () => database.drop(),
  };
}

function signedRequests(count: number, pathOf: (index: number) => string): LoadRequest[] {
  // Signed just before each run (well within HubSpot's 5-minute window) so the generator only sends.
  const timestamp = String(Date.now());
  return Array.from({ length: count }, (_, index) => {
    const signedPath = pathOf(index);
    // As HubSpot signs: over the URI with its reserved characters decoded (csm%40example.com -> csm@example.com).
    const signature = signatureV3(clientSecret, 'GET', decodeSignedUri(`${publicUrl}${signedPath}`), '', timestamp);
    return {
      path: signedPath,
      headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp },
    };
  });
}

interface ServiceCost {
  /** Service CPU (user + system, every service process) per request. */
  readonly cpuMilliseconds: number;
  readonly systemMilliseconds: number;
  readonly statements: number;
  /** Share of the wall time the service's event loop(s) were busy. */
  readonly eventLoopBusy: number;
  /** GC time per request, and the run's longest GC pause, major GCs and worst event-loop delays. */
  readonly pauses: ServicePauses;
}

async function measured<T>(
  service: ServiceControl,
  requests: number,
  work: () => Promise<T>,
): Promise<{ result: T; cost: ServiceCost }> {
  const before = await service.usage();
  const started = performance.now();
  const result = await work();
  const wall = performance.now() - started;
  const after = await service.usage();
  const delta = (key: Exclude<keyof ServiceUsage, 'pauses'>) => after[key] - before[key];
  return {
    result,
    cost: {
      cpuMilliseconds: (delta('userMicroseconds') + delta('systemMicroseconds')) / 1000 / requests,
      systemMilliseconds: delta('systemMicroseconds') / 1000 / requests,
      statements: delta('statements') / requests,
      eventLoopBusy: delta('eventLoopActiveMilliseconds') / wall / workers,
      pauses: {
        ...after.pauses,
        gcMilliseconds: (after.pauses.gcMilliseconds - before.pauses.gcMilliseconds) / requests,
      },
    },
  };
}

async function sequential(service: ServiceControl, count: number) {
  await sequentialMilliseconds(service.port, [...signedRequests(500, pingPath), ...signedRequests(500, cardPath)]);
  const ping = await measured(service, count, () =>
    sequentialMilliseconds(service.port, signedRequests(count, pingPath)),
  );
  const card = await measured(service, count, () =>
    sequentialMilliseconds(service.port, signedRequests(count, cardPath)),
  );
  const line = (label: string, run: typeof card) =>
    `  ${label.padEnd(30)} ${run.result.toFixed(2).padStart(6)} ms/request  service CPU ${cpu(run.cost)}/request  ${run.cost.statements.toFixed(1)} SQL statements/request`;
  out(`sequential, one request at a time (${count} each, load average ${load()}):`);
  out(line('baseline (signed select 1)', ping));
  out(line('card', card));
  out(
    `  card / baseline: time x${(card.result / ping.result).toFixed(2)}, service CPU x${(card.cost.cpuMilliseconds / ping.cost.cpuMilliseconds).toFixed(2)}`,
  );
}

async function openLoop(
  service: ServiceControl,
  label: string,
  profileLabel: string,
  pathOf: (index: number) => string,
) {
  const total = seconds * ratePerSecond;
  const requests = signedRequests(total, pathOf);
  // The warm-up (JIT, connection pool, Postgres' plan) is a run of its own, left out of every number.
  await runLoad(service.port, ratePerSecond, signedRequests(warmUpSeconds * ratePerSecond, pathOf));
  if (values.profile) await service.startProfile();
  const loadBefore = load();
  const generatorBefore = process.cpuUsage();
  const run = await measured(service, total, () => runLoad(service.port, ratePerSecond, requests));
  const generator = process.cpuUsage(generatorBefore);
  const files = values.profile ? await service.stopProfile(path.resolve(values.profile), profileLabel) : [];
  return {
    label,
    latency: summarize(run.result, 0),
    cost: run.cost,
    generatorMilliseconds: (generator.user + generator.system) / 1000 / total,
    loadBefore,
    loadAfter: load(),
    files,
  };
}

type OpenLoopRun = Awaited<ReturnType<typeof openLoop>>;

function printOpenLoop(runs: readonly OpenLoopRun[]): void {
  out(
    `open loop at ${ratePerSecond} req/s offered for ${seconds} s after a ${warmUpSeconds} s warm-up run; latency from each request's scheduled send time:`,
  );
  out(
    `  ${'endpoint'.padEnd(28)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}  ${'service CPU/request'.padEnd(29)} ${'= cores'.padStart(7)}  loop busy  generator CPU  offered  statuses`,
  );
  for (const { label, latency, cost, generatorMilliseconds } of runs) {
    const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(9);
    const cores = (cost.cpuMilliseconds * ratePerSecond) / 1000;
    out(
      `  ${label.padEnd(28)} ${ms(latency.p50)} ${ms(latency.p99)} ${ms(latency.max)}  ${cpu(cost).padEnd(29)} ${cores.toFixed(2).padStart(7)}  ${`${(cost.eventLoopBusy * 100).toFixed(0)} %`.padStart(9)}  ${`${generatorMilliseconds.toFixed(3)} ms`.padStart(13)}  ${latency.offeredPerSecond.toFixed(0).padStart(5)}/s  ${JSON.stringify(latency.statuses)}`,
    );
  }
  for (const { label, cost } of runs) {
    const { gcMilliseconds, longestGcMilliseconds, majorGcs, loopDelayP99Milliseconds, loopDelayMaxMilliseconds } =
      cost.pauses;
    out(
      `  ${label.padEnd(28)} GC ${gcMilliseconds.toFixed(3)} ms/request, longest pause ${longestGcMilliseconds.toFixed(1)} ms (${majorGcs} major); event-loop delay p99 ${loopDelayP99Milliseconds.toFixed(1)} ms, max ${loopDelayMaxMilliseconds.toFixed(1)} ms`,
    );
  }
  out(
    `  load average: ${runs.map((run) => `${run.label.split(' ')[0] ?? ''} ${run.loadBefore} -> ${run.loadAfter}`).join('; ')}`,
  );
  for (const file of runs.flatMap((run) => run.files)) out(`  profile: ${file}`);
}

async function vacuumAnalyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

function verdict(state: string, baseline: OpenLoopRun, card: OpenLoopRun): void {
  const allOk = Object.keys(card.latency.statuses).every((status) => status === '200');
  out(
    `${state}: card / baseline: p50 x${(card.latency.p50 / baseline.latency.p50).toFixed(2)}, p99 x${(card.latency.p99 / baseline.latency.p99).toFixed(2)}, service CPU x${(card.cost.cpuMilliseconds / baseline.cost.cpuMilliseconds).toFixed(2)}`,
  );
  const busiest = Math.max(
    ...[baseline, card].flatMap((run) => [run.loadBefore, run.loadAfter]).map((loads) => Number(loads.split(' ')[0])),
  );
  if (busiest > availableParallelism() / 2) {
    out(
      `note: the machine was busy (1-minute load average up to ${busiest.toFixed(1)} on ${availableParallelism()} cores): the percentiles include waiting for a CPU; service CPU/request and the card/baseline ratios are what compares across machines`,
    );
  }
  out(
    `capacity: at these CPU costs one core of service runs ${(1000 / card.cost.cpuMilliseconds).toFixed(0)} card req/s (${(1000 / baseline.cost.cpuMilliseconds).toFixed(0)} baseline req/s) before requests queue`,
  );
  const processes = `${workers} service process${workers === 1 ? '' : 'es'}`;
  out(
    `RESULT ${state} card p50 ${card.latency.p50.toFixed(2)} ms, p99 ${card.latency.p99.toFixed(2)} ms at ${ratePerSecond} req/s (${processes}, service CPU ${card.cost.cpuMilliseconds.toFixed(3)} ms/request); target p99 < 25 ms: ${card.latency.p99 < 25 && allOk ? 'met' : 'NOT met'}${allOk ? '' : ' (not every answer was 200)'}`,
  );
}

runCli(async () => {
  const database = await benchDatabase();
  out(`card endpoint benchmark: ${size.companies} companies, ${availableParallelism()} cores, load average ${load()}`);
  if (values.profile) await mkdir(values.profile, { recursive: true });
  let service: ServiceControl | undefined;
  try {
    service = await startService({
      databaseUrl: database.url,
      seed: database.seed,
      size,
      clientSecret,
      publicUrl,
      signedPingPath,
      workers,
    });
    const where = database.url === undefined ? 'PGlite in the service process' : 'Postgres server';
    out(
      service.seedSeconds === undefined
        ? `reusing the seeded database on the ${where}`
        : `seeded ${size.companies} companies (${size.eventsPerCompany} usage events each, health run done) on ${where} in ${service.seedSeconds.toFixed(1)} s`,
    );
    await sequential(service, Number(values['sequential-requests']));
    if (!values['sequential-only']) {
      const states =
        database.url === undefined || !database.seed
          ? [database.seed ? 'just seeded' : 'reused']
          : ['just seeded', 'settled'];
      for (const state of states) {
        if (state === 'settled' && database.url !== undefined) await vacuumAnalyze(database.url);
        out(`-- ${state}`);
        const baseline = await openLoop(
          service,
          'baseline (signed select 1)',
          `baseline-${state.replace(' ', '-')}`,
          pingPath,
        );
        const card = await openLoop(
          service,
          'card (v3 signature checked)',
          `card-${state.replace(' ', '-')}`,
          cardPath,
        );
        printOpenLoop([baseline, card]);
        verdict(state, baseline, card);
      }
    }
  } finally {
    await service?.stop();
    await database.drop();
  }
});
