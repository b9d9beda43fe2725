// The soak (npm run soak): two `npm start` replicas on one fresh Postgres database behind a loopback balancer, the
// HubSpot sandbox posting signed webhooks for sales' changes, keyed ingestion and signed card reads at the same
// time, and one replica SIGKILLed midway. Then it checks that every accepted event and webhook is stored exactly
// once and every job completed, and reports the figures. Everything listens on 127.0.0.1.
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { integerColumn, queryRows } from '../src/db/repositories/query-rows';
import { decodeSignedUri, signatureV3 } from '../src/http/middleware/hubspot-signature';
import { companyCardPath } from '../src/http/routes/card-routes';
import { deadLetterQueueName, jobNames } from '../src/jobs/job-definitions';
import { createSandbox, type RunningSandbox } from '../src/sandbox/server';
import { createApiKey } from '../src/services/ingestion/api-keys';
import { startCli, type CliProcess } from '../test/support/cli-process';
import { createServerDatabase } from '../test/support/databases';
import { startBalancer, type Balancer } from './soak-balancer';
import { makeSoakChange, soakCompanyId, soakPortalId, soakPortfolio, soakSubscriptions } from './soak-portfolio';

export interface SoakOptions {
  /** How long the traffic runs; the kill comes at half of it. */
  readonly seconds: number;
  readonly companies: number;
  readonly ingestBatchesPerSecond: number;
  readonly eventsPerBatch: number;
  readonly cardsPerSecond: number;
  /** Sales' changes in the sandbox per second, each one webhook event. */
  readonly changesPerSecond: number;
  /** Keeps the database (and prints its URL) instead of dropping it. */
  readonly keep?: boolean;
  readonly log?: (line: string) => void;
}

export const defaultSoakOptions: SoakOptions = {
  seconds: 180,
  companies: 200,
  ingestBatchesPerSecond: 4,
  eventsPerBatch: 50,
  cardsPerSecond: 20,
  changesPerSecond: 10,
};

/** The short mode a test runs: the same steps, about 15 s of traffic. */
export const shortSoakOptions: SoakOptions = { ...defaultSoakOptions, seconds: 10, companies: 40 };

export interface Latency {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface KindFigures {
  /** Requests sent, retries included. */
  readonly requests: number;
  readonly statuses: Record<string, number>;
  /** Of the successful requests. */
  readonly latency: Latency;
}

export interface SoakReport {
  readonly seconds: number;
  readonly killedAtSecond: number;
  readonly ingestion: KindFigures & {
    readonly batches: number;
    readonly acceptedBatches: number;
    readonly acceptedEvents: number;
    readonly storedEvents: number;
    readonly storedDistinct: number;
    readonly storedOfAccepted: number;
    /** Events counted in the daily feature aggregates: equal to stored when no retry counted twice. */
    readonly aggregatedEvents: number;
  };
  readonly cards: KindFigures;
  readonly webhooks: KindFigures & {
    readonly changes: number;
    readonly acceptedEvents: number;
    readonly storedRows: number;
    readonly storedDistinct: number;
    readonly storedOfAccepted: number;
    readonly unprocessed: number;
    readonly dropped: number;
    readonly stillQueued: number;
  };
  readonly jobs: {
    readonly byState: Record<string, number>;
    readonly unfinished: number;
    readonly scheduledLater: readonly string[];
    readonly deadLetters: number;
    readonly settledSeconds: number;
  };
  readonly exactlyOnce: boolean;
  readonly allJobsCompleted: boolean;
}

const clientSecret = 'soak-client-secret-0123456789';

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}

class Recorder {
  requests = 0;
  private readonly statuses = new Map<string, number>();
  private readonly latencies: number[] = [];
  record(status: number | string, milliseconds: number): void {
    this.requests += 1;
    const key = String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (typeof status === 'number' && status >= 200 && status < 300) this.latencies.push(milliseconds);
  }
  figures(): KindFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests: this.requests,
      statuses: Object.fromEntries(this.statuses),
      latency: {
        count: sorted.length,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: sorted.at(-1) ?? Number.NaN,
      },
    };
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Answer {
  readonly status: number | string;
  readonly body: string;
  readonly milliseconds: number;
}

function send(
  agent: http.Agent,
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(url, { method, agent, headers, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          milliseconds: performance.now() - started,
        }),
      );
      response.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ status: error.code ?? 'error', body: '', milliseconds: performance.now() - started }),
      );
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: error.code ?? 'error', body: '', milliseconds: performance.now() - started }),
    );
    request.end(body);
  });
}

/** Runs `tick` `perSecond` times a second (without waiting for it) until `until`. */
async function paced(perSecond: number, until: number, tick: (index: number) => void): Promise<void> {
  const started = Date.now();
  let index = 0;
  while (Date.now() < until) {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond) + 1;
    while (index < due) tick(index++);
    await sleep(Math.max(1, 1000 / perSecond / 2));
  }
}

async function startReplica(
  env: Record<string, string>,
  name: string,
  started: (child: CliProcess) => void,
  log: (line: string) => void,
) {
  const startedAt = Date.now();
  const child = startCli('src/cli/start.ts', [], env);
  started(child);
  const [, port = ''] = await child.waitFor(/API ready in \S+: http:\/\/localhost:(\d+)/, 180_000);
  log(
    `replica ${name} (pid ${child.child.pid ?? '?'}) ready on port ${port} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  return { child, port: Number(port) };
}

const jobStateRow = z.object({ name: z.string(), state: z.string(), due: z.boolean(), count: integerColumn });

/** Job rows of the product's queues by state; `due` says whether a waiting one should already have run. */
async function jobStates(db: DatabaseHandle['db']) {
  return queryRows(
    db,
    sql`select name, state::text as state, (start_after <= now() + interval '1 minute') as due, count(*) as count
    from pgboss.job where name in (${sql.join(
      jobNames.map((name) => sql`${name}`),
      sql`, `,
    )}) group by 1, 2, 3`,
    jobStateRow,
  );
}

async function countDeadLetters(db: DatabaseHandle['db']): Promise<number> {
  const [row] = await queryRows(
    db,
    sql`select count(*) as count from pgboss.job where name in (${sql.join(
      jobNames.map((name) => sql`${deadLetterQueueName(name)}`),
      sql`, `,
    )})`,
    z.object({ count: integerColumn }),
  );
  return row?.count ?? 0;
}

/** Waits until no job of the product's queues is waiting (due) or running; at most `timeoutSeconds`. */
async function settleJobs(
  db: DatabaseHandle['db'],
  timeoutSeconds: number,
  log: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  for (;;) {
    const open = (await jobStates(db)).filter(
      (row) => row.state === 'active' || ((row.state === 'created' || row.state === 'retry') && row.due),
    );
    if (open.length === 0 || Date.now() - started > timeoutSeconds * 1000) return (Date.now() - started) / 1000;
    if (Date.now() - lastLog >= 10_000) {
      lastLog = Date.now();
      log(`  waiting for jobs: ${open.map((row) => `${row.name} ${row.state} ${row.count}`).join(', ')}`);
    }
    await sleep(1000);
  }
}

const countRow = z.object({ count: integerColumn, distinct_count: integerColumn, of_accepted: integerColumn });

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const database = await createServerDatabase();
  log(`fresh database ${new URL(database.url).pathname.slice(1)}`);
  const replicas: CliProcess[] = [];
  let handle: DatabaseHandle | undefined;
  let hubspot: RunningSandbox | undefined;
  let balancer: Balancer | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  try {
    const sandbox = createSandbox({ fixture: soakPortfolio(options.companies), rateLimit: false });
    hubspot = await sandbox.start(0);
    const acceptedWebhookIds = new Set<string>();
    const webhooks = new Recorder();
    const front = await startBalancer({
      onAnswered: (path, body, status, milliseconds) => {
        if (!path.startsWith('/hubspot/webhooks')) return;
        webhooks.record(status, milliseconds);
        if (status < 200 || status >= 300) return;
        for (const event of z
          .array(z.object({ eventId: z.union([z.number(), z.string()]) }))
          .parse(JSON.parse(String(body))))
          acceptedWebhookIds.add(String(event.eventId));
      },
    });
    balancer = front;
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_URL: front.url,
      HUBSPOT_ACCESS_TOKEN: 'sandbox-token',
      HUBSPOT_BASE_URL: hubspot.url,
      HUBSPOT_CLIENT_SECRET: clientSecret,
      HUBSPOT_RATE_LIMIT_PER_10S: '10000',
      API_AUTH: 'keys',
      LOG_LEVEL: 'warn',
    };
    // Migrated here first; then both replicas start together, each syncing the portal as `npm start` does.
    handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    const [first, second] = await Promise.all(
      ['A', 'B'].map((name) => startReplica(env, name, (child) => replicas.push(child), log)),
    );
    if (!first || !second) throw new Error('two replicas were asked for');
    front.add(first.port);
    front.add(second.port);
    const { key } = await createApiKey(handle.db, soakPortalId, 'soak');
    const delivery = sandbox.deliverWebhooks({
      targetUrl: `${front.url}/hubspot/webhooks`,
      clientSecret,
      subscriptions: soakSubscriptions,
      // HubSpot's first retry comes after about 84 s; a thousandth of that keeps the soak short.
      timeScale: 1e-3,
    });

    const ingestion = new Recorder();
    const cards = new Recorder();
    const acceptedEventIds: string[] = [];
    let acceptedBatches = 0;
    let batches = 0;
    let changes = 0;
    const inFlight: Array<Promise<void>> = [];
    const postBatch = async (batch: number): Promise<void> => {
      const events = Array.from({ length: options.eventsPerBatch }, (_, offset) => ({
        messageId: `soak-${batch}-${offset}`,
        companyId: soakCompanyId((batch * 7 + offset) % options.companies),
        userId: `user-${(batch + offset) % 500}`,
        event: `feature-${offset % 11}`,
        timestamp: new Date().toISOString(),
        ...(offset % 3 === 0 ? { durationSeconds: 30 } : {}),
      }));
      const body = JSON.stringify({ events });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
      // Like a client with a delivery guarantee: the same batch again until one answer says stored.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const answer = await send(agent, `${front.url}/api/v1/usage/batch`, 'POST', headers, body);
        ingestion.record(answer.status, answer.milliseconds);
        if (answer.status === 200) {
          acceptedBatches += 1;
          acceptedEventIds.push(...events.map((event) => event.messageId));
          return;
        }
        if (typeof answer.status === 'number' && answer.status < 500 && answer.status !== 429)
          throw new Error(`ingestion answered ${answer.status}: ${answer.body.slice(0, 300)}`);
        await sleep(200);
      }
    };
    const readCard = async (index: number): Promise<void> => {
      const path = `${companyCardPath}?companyId=${soakCompanyId((index * 13) % options.companies)}&userId=1&userEmail=csm%40soak.example&appId=1&portalId=${soakPortalId}`;
      const timestamp = String(Date.now());
      const signature = signatureV3(clientSecret, 'GET', decodeSignedUri(`${front.url}${path}`), '', timestamp);
      const answer = await send(agent, `${front.url}${path}`, 'GET', {
        'x-hubspot-signature-v3': signature,
        'x-hubspot-request-timestamp': timestamp,
      });
      cards.record(answer.status, answer.milliseconds);
    };

    const trafficStarted = Date.now();
    const until = trafficStarted + options.seconds * 1000;
    const killAt = options.seconds / 2;
    log(`traffic for ${options.seconds} s; replica B is SIGKILLed at ${killAt} s`);
    const kill = (async () => {
      await sleep(killAt * 1000);
      second.child.child.kill('SIGKILL');
      front.remove(second.port);
      log(`SIGKILL replica B at ${((Date.now() - trafficStarted) / 1000).toFixed(1)} s`);
      await second.child.exited();
    })();
    await Promise.all([
      paced(options.ingestBatchesPerSecond, until, (index) => {
        batches += 1;
        inFlight.push(postBatch(index));
      }),
      paced(options.cardsPerSecond, until, (index) => inFlight.push(readCard(index))),
      paced(options.changesPerSecond, until, (index) => {
        changes += 1;
        makeSoakChange(sandbox.store, options.companies, index);
      }),
      kill,
    ]);
    await Promise.all(inFlight);
    log(`traffic done after ${((Date.now() - trafficStarted) / 1000).toFixed(1)} s; waiting for webhooks and jobs`);
    await delivery.idle();
    const settledSeconds = await settleJobs(handle.db, 120, log);
    const db = handle.db;

    const [events] = await queryRows(
      db,
      sql`select count(*) as count, count(distinct message_id) as distinct_count,
        count(*) filter (where message_id in (select jsonb_array_elements_text(${JSON.stringify(acceptedEventIds)}::jsonb))) as of_accepted
      from usage_events where portal_id = ${soakPortalId}`,
      countRow,
    );
    const [aggregated] = await queryRows(
      db,
      sql`select coalesce(sum(event_count), 0) as count from usage_daily_features where portal_id = ${soakPortalId}`,
      z.object({ count: integerColumn }),
    );
    const acceptedWebhooks = [...acceptedWebhookIds];
    const [stored] = await queryRows(
      db,
      sql`select count(*) as count, count(distinct event_id) as distinct_count,
        count(*) filter (where event_id in (select jsonb_array_elements_text(${JSON.stringify(acceptedWebhooks)}::jsonb))) as of_accepted
      from webhook_events where portal_id = ${soakPortalId}`,
      countRow,
    );
    const [unprocessed] = await queryRows(
      db,
      sql`select count(*) as count from webhook_events where portal_id = ${soakPortalId} and processed_at is null`,
      z.object({ count: integerColumn }),
    );
    const states = await jobStates(db);
    const byState: Record<string, number> = {};
    for (const row of states) byState[row.state] = (byState[row.state] ?? 0) + row.count;
    const open = (row: (typeof states)[number]) => !['completed', 'cancelled'].includes(row.state);
    const unfinished = states
      .filter((row) => open(row) && (row.due || row.state === 'active' || row.state === 'failed'))
      .reduce((total, row) => total + row.count, 0);
    // Scheduled for later on purpose (a debounce, a purge after the retention days): named, not counted as stuck.
    const scheduledLater = states
      .filter((row) => open(row) && !row.due && row.state !== 'active' && row.state !== 'failed')
      .map((row) => `${row.name} (${row.state}) ${row.count}`);
    const deadLetters = await countDeadLetters(db);
    const stats = delivery.stats();
    const ingestionReport = {
      ...ingestion.figures(),
      batches,
      acceptedBatches,
      acceptedEvents: acceptedEventIds.length,
      storedEvents: events?.count ?? 0,
      storedDistinct: events?.distinct_count ?? 0,
      storedOfAccepted: events?.of_accepted ?? 0,
      aggregatedEvents: aggregated?.count ?? 0,
    };
    const webhookReport = {
      ...webhooks.figures(),
      changes,
      acceptedEvents: acceptedWebhooks.length,
      storedRows: stored?.count ?? 0,
      storedDistinct: stored?.distinct_count ?? 0,
      storedOfAccepted: stored?.of_accepted ?? 0,
      unprocessed: unprocessed?.count ?? 0,
      dropped: stats.dropped,
      stillQueued: stats.queued,
    };
    const exactlyOnce =
      ingestionReport.acceptedBatches === batches &&
      ingestionReport.storedEvents === ingestionReport.acceptedEvents &&
      ingestionReport.storedDistinct === ingestionReport.acceptedEvents &&
      ingestionReport.storedOfAccepted === ingestionReport.acceptedEvents &&
      ingestionReport.aggregatedEvents === ingestionReport.acceptedEvents &&
      webhookReport.acceptedEvents === changes &&
      webhookReport.storedRows === changes &&
      webhookReport.storedDistinct === changes &&
      webhookReport.storedOfAccepted === changes &&
      webhookReport.dropped === 0 &&
      webhookReport.stillQueued === 0;
    return {
      seconds: options.seconds,
      killedAtSecond: killAt,
      ingestion: ingestionReport,
      cards: cards.figures(),
      webhooks: webhookReport,
      jobs: { byState, unfinished, scheduledLater, deadLetters, settledSeconds },
      exactlyOnce,
      allJobsCompleted: unfinished === 0 && deadLetters === 0 && webhookReport.unprocessed === 0,
    };
  } finally {
    agent.destroy();
    for (const replica of replicas) {
      if (replica.child.exitCode !== null || replica.child.signalCode !== null) continue;
      replica.child.kill('SIGTERM');
      const timer = setTimeout(() => replica.child.kill('SIGKILL'), 20_000);
      await replica.exited();
      clearTimeout(timer);
    }
    await handle?.close();
    await balancer?.close();
    await hubspot?.close();
    if (options.keep) log(`kept ${database.url}`);
    else await database.drop();
  }
}

const milliseconds = (value: number) => (Number.isNaN(value) ? '-' : `${value.toFixed(1)} ms`);
const statuses = (figures: KindFigures) =>
  Object.entries(figures.statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');

export function formatSoakReport(report: SoakReport): string[] {
  const { ingestion, cards, webhooks, jobs } = report;
  const latency = (figures: KindFigures) =>
    `p50 ${milliseconds(figures.latency.p50)}, p99 ${milliseconds(figures.latency.p99)}, max ${milliseconds(figures.latency.max)}`;
  return [
    `soak: ${report.seconds} s of traffic, replica B SIGKILLed at ${report.killedAtSecond} s`,
    `ingestion: ${ingestion.requests} requests (${statuses(ingestion)}); ${ingestion.acceptedBatches}/${ingestion.batches} batches accepted, ${ingestion.acceptedEvents} events; ${latency(ingestion)}`,
    `  stored ${ingestion.storedEvents} rows, ${ingestion.storedDistinct} distinct, ${ingestion.storedOfAccepted} of the accepted; ${ingestion.aggregatedEvents} in the daily aggregates`,
    `cards: ${cards.requests} requests (${statuses(cards)}); ${latency(cards)}`,
    `webhooks: ${webhooks.changes} changes in HubSpot, ${webhooks.requests} deliveries (${statuses(webhooks)}); ${webhooks.acceptedEvents} events accepted; ${latency(webhooks)}`,
    `  stored ${webhooks.storedRows} rows, ${webhooks.storedDistinct} distinct, ${webhooks.storedOfAccepted} of the accepted; ${webhooks.unprocessed} unprocessed; sandbox dropped ${webhooks.dropped}, still queued ${webhooks.stillQueued}`,
    `jobs: ${Object.entries(jobs.byState)
      .map(([state, count]) => `${state} ${count}`)
      .join(
        ', ',
      )}; unfinished ${jobs.unfinished}, scheduled later: ${jobs.scheduledLater.join(', ') || 'none'}; dead letters ${jobs.deadLetters}; settled ${jobs.settledSeconds.toFixed(1)} s after the traffic`,
    report.exactlyOnce
      ? 'every accepted event and webhook stored exactly once'
      : 'MISMATCH: an accepted event or webhook was lost or stored twice',
    report.allJobsCompleted ? 'every job completed, no dead letters' : 'NOT SETTLED: jobs unfinished or dead-lettered',
  ];
}
