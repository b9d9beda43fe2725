import { readFileSync } from 'node:fs';
import http from 'node:http';
import express from 'express';
import { availableParallelism, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createLogger } from '../src/config/logger';
import { openDatabase } from '../src/db/client';
import { upsertCompanies, type CompanyRow } from '../src/db/repositories/companies-repository';
import { rowsOf } from '../test/support/sql-rows';
import { upsertPortal } from '../src/db/repositories/portals-repository';
import { contracts } from '../src/db/schema';
import { createApp } from '../src/http/app';
import type { HttpModule } from '../src/http/http-module';
import { markCredentialProved } from '../src/http/middleware/rate-limit';
import { ingestionModule } from '../src/http/routes/usage-module';
import { createApiKey } from '../src/services/ingestion/api-keys';
import { createServerDatabase } from '../test/support/databases';
import { installQueryCounter } from './query-counter';

// npm run bench:ingest -- [--events 1000000] [--batch 500] [--concurrency 6] [--synchronous-commit off] [--mix realistic]
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '6' },
    // off: the opt-in INGEST_SYNCHRONOUS_COMMIT=off (commits do not wait for the WAL flush).
    'synchronous-commit': { type: 'string', default: 'on' },
    // worst-case (the goal's measure): every event a new user-day, feature-day and session. realistic: 2,000
    // users active at once, each every 1,000 s, so a user-day holds about 86 events and sessions run on.
    mix: { type: 'string', default: 'worst-case' },
  },
});
const synchronousCommit = values['synchronous-commit'] !== 'off';
const totalEvents = Number(values.events);
const batchSize = Number(values.batch);
const concurrency = Number(values.concurrency);
const portalId = 900;
const companyCount = 2_000;
const usersPerCompany = 10;
const start = Date.UTC(2026, 0, 1);
const realistic = values.mix === 'realistic';
const activeUsers = realistic ? 2_000 : companyCount * usersPerCompany;
const spacingMilliseconds = realistic ? 500 : 2_000;

// Events of 20,000 users (realistic: 2,000) in 2026, in time order like a live feed.
function batchBody(batchIndex: number): string {
  const events = [];
  for (let offset = 0; offset < batchSize; offset += 1) {
    const index = batchIndex * batchSize + offset;
    if (index >= totalEvents) break;
    const user = index % activeUsers;
    const companyIndex = Math.floor(user / usersPerCompany);
    const byAccount = companyIndex % 2 === 0;
    events.push({
      messageId: `bench-${index}`,
      ...(byAccount ? { accountId: `acct-${companyIndex}` } : { companyId: `bc${companyIndex}` }),
      userId: `user-${user}`,
      event: `feature-${index % 23}`,
      timestamp: new Date(start + index * spacingMilliseconds).toISOString(),
      ...(index % 3 === 0 ? { durationSeconds: 30 } : {}),
      properties: { plan: 'pro', index },
    });
  }
  return JSON.stringify({ events });
}

async function send(agent: http.Agent, port: number, key: string, body: string, path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${key}`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve()
            : reject(
                new Error(`HTTP ${String(response.statusCode)}: ${Buffer.concat(chunks).toString().slice(0, 500)}`),
              ),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function sendAll(port: number, key: string, path = '/api/v1/usage/batch'): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const batches = Math.ceil(totalEvents / batchSize);
  let next = 0;
  const started = performance.now();
  let lastReport = started;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches) {
        const batchIndex = next;
        next += 1;
        await send(agent, port, key, batchBody(batchIndex), path);
        const now = performance.now();
        if (now - lastReport > 5_000) {
          lastReport = now;
          process.stderr.write(
            `  ${Math.min(next * batchSize, totalEvents).toLocaleString()} events, ${Math.round((next * batchSize) / ((now - started) / 1000)).toLocaleString()}/s\n`,
          );
        }
      }
    }),
  );
  agent.destroy();
  return (performance.now() - started) / 1000;
}

// The machine may be shared, so wall-clock rates vary: CPU seconds spent by this process and by its
// Postgres backends (read from /proc, the server being local) give a load-independent cost per event.
async function backendPids(db: typeof handle.db): Promise<number[]> {
  const rows = rowsOf<{ pid: number }>(
    await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`),
  );
  return rows.map((row) => row.pid);
}

function cpuSeconds(pids: readonly number[]): { node: number; postgres: number } {
  const usage = process.cpuUsage();
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      // A backend that ended, or no /proc: its time is left out.
    }
  }
  // Linux reports process times in clock ticks of 1/100 s.
  return { node: (usage.user + usage.system) / 1e6, postgres: ticks / 100 };
}

const database = await createServerDatabase();
const handle = await openDatabase({ databaseUrl: database.url, poolSize: concurrency + 2 });
try {
  await upsertPortal(handle.db, { id: portalId, timeZone: 'Europe/Paris', currency: 'EUR' });
  const companies: CompanyRow[] = Array.from({ length: companyCount }, (_, index) => ({
    portalId,
    id: `bc${index}`,
    name: `Bench ${index}`,
    accountId: `acct-${index}`,
    properties: {},
  }));
  for (let offset = 0; offset < companies.length; offset += 500)
    await upsertCompanies(handle.db, companies.slice(offset, offset + 500));
  // An ingestion key names only customers' company ids: each bench company has a running contract.
  const running = companies.map((company) => ({
    portalId,
    dealId: `bench-${company.id}`,
    companyId: company.id,
    kind: 'new',
    product: 'core',
    mrrMinor: 10_000,
    startDate: '2025-01-01',
    endDate: '2099-01-01',
  }));
  for (let offset = 0; offset < running.length; offset += 500)
    await handle.db.insert(contracts).values(running.slice(offset, offset + 500));
  const { key } = await createApiKey(handle.db, portalId, 'bench');
  // The same-run baseline: the same batches posted to a route that only parses the JSON body, so the
  // ratio against it shows the service's own cost whatever else the machine is doing.
  const floorModule: HttpModule = (app) =>
    app.post('/bench/parse-only', express.json({ limit: '10mb' }), (_request, response) => {
      // Counted like keyed ingestion by the per-address limit: answered requests that proved a credential are uncounted.
      markCredentialProved(response);
      response.json({ ok: true });
    });
  const app = createApp({
    apiAuth: 'open',
    db: handle.db,
    logger: createLogger('silent'),
    modules: [ingestionModule({ synchronousCommit }), floorModule],
  });
  const server = http.createServer(app);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  console.log(
    `${realistic ? 'REALISTIC mix (2,000 active users, ~86 events per user-day; the goal is measured on the worst case)' : 'WORST-CASE mix (each event a new user-day, feature-day and session)'}: ` +
      `sending ${totalEvents.toLocaleString()} events in batches of ${batchSize} over ${concurrency} keep-alive connections, synchronous_commit ${synchronousCommit ? 'on' : 'off'}`,
  );
  const floorSeconds = await sendAll(port, key, '/bench/parse-only');
  const floorRate = totalEvents / floorSeconds;
  console.log(
    `baseline (HTTP + JSON parse, no database): ${floorSeconds.toFixed(1)} s, ${Math.round(floorRate).toLocaleString()} events/s`,
  );
  // Warm the pool so every backend exists before the CPU reading.
  await Promise.all(Array.from({ length: concurrency + 2 }, () => handle.db.execute(sql`select pg_sleep(0.05)`)));
  const pids = await backendPids(handle.db);
  const statements = installQueryCounter();
  const loadBefore = loadavg()[0] ?? 0;
  const cpuBefore = cpuSeconds(pids);
  const firstSeconds = await sendAll(port, key);
  const cpuAfter = cpuSeconds(pids);
  const firstStatements = statements.count();
  const batches = Math.ceil(totalEvents / batchSize);
  const firstRate = totalEvents / firstSeconds;
  console.log(
    `first pass:  ${firstSeconds.toFixed(1)} s, ${Math.round(firstRate).toLocaleString()} events/s (goal 50,000/s: ${(firstRate / 50_000).toFixed(2)}x; ${(firstRate / floorRate).toFixed(2)}x the baseline)`,
  );
  console.log(
    `load average (1 min) before ${loadBefore.toFixed(2)}, after ${(loadavg()[0] ?? 0).toFixed(2)}; ${(firstStatements / batches).toFixed(1)} SQL statements per batch`,
  );
  const nodeCpu = cpuAfter.node - cpuBefore.node;
  const postgresCpu = cpuAfter.postgres - cpuBefore.postgres;
  const perThousand = ((nodeCpu + postgresCpu) / totalEvents) * 1_000_000;
  const cores = availableParallelism();
  console.log(
    `first pass CPU: node ${nodeCpu.toFixed(1)} s + postgres backends ${postgresCpu.toFixed(1)} s = ${perThousand.toFixed(0)} ms per 1,000 events; ` +
      `on ${cores} otherwise idle cores that is at most ${Math.round((cores * 1_000_000) / perThousand).toLocaleString()} events/s (WAL writer and checkpoints not counted)`,
  );
  const resendStatements = statements.count();
  const secondSeconds = await sendAll(port, key);
  console.log(
    `resend pass: ${secondSeconds.toFixed(1)} s, ${Math.round(totalEvents / secondSeconds).toLocaleString()} events/s (${(firstSeconds / secondSeconds).toFixed(2)}x the first pass), ${((statements.count() - resendStatements) / batches).toFixed(1)} statements per batch`,
  );

  const [stored] = rowsOf<{ events: number; distinct_ids: number; active: number; features: number }>(
    await handle.db.execute(sql`select
      (select count(*)::int from usage_events where portal_id = ${portalId}) as events,
      (select count(distinct message_id)::int from usage_events where portal_id = ${portalId}) as distinct_ids,
      (select coalesce(sum(event_count), 0)::int from usage_daily_active_users where portal_id = ${portalId}) as active,
      (select coalesce(sum(event_count), 0)::int from usage_daily_features where portal_id = ${portalId}) as features`),
  );
  const [sessions] = rowsOf<{ events: number }>(
    await handle.db.execute(
      sql`select coalesce(sum(event_count), 0)::int as events from usage_sessions where portal_id = ${portalId}`,
    ),
  );
  const checks = {
    events: stored?.events,
    distinctMessageIds: stored?.distinct_ids,
    activeUserEvents: stored?.active,
    featureEvents: stored?.features,
    sessionEvents: sessions?.events,
  };
  console.log('stored once:', checks);
  const ok = Object.values(checks).every((value) => value === totalEvents);
  console.log(
    ok ? 'every event stored exactly once, aggregates consistent' : 'MISMATCH: some event was lost or stored twice',
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!ok) process.exitCode = 1;
} finally {
  await handle.close();
  await database.drop();
}
