// Sync benchmark on HubSpot's limits: a full sync, then rounds of incremental syncs of changed records (CRM search),
// against a sandbox enforcing a tier (Starter: 100 calls per rolling 10 s, search 5 per second, 250,000 a day), the
// client pacing through its Postgres-backed budgets. Per phase and limit: calls, the least time the limit allows for
// them (a rolling window: the first `max` calls at once, then `max` per window), and wall time / that time. The same
// run without limits (no budget, sandbox unlimited) tells how long the database work alone takes; a sync can be no
// faster than either, so the last ratio is wall / max(limits' least time, unlimited run). Then a DAILY 429: the sync
// stops without retrying and the portal pauses until the reset.
// `--time-scale 10` runs HubSpot's windows 10x faster in the sandbox and the client alike (10 s -> 1 s, 1 s -> 100 ms);
// ratios compare wall time with the scaled windows. `--postgres`: each run on a throwaway database of the Postgres
// server (TEST_DATABASE_URL, default the local one), its budgets shared through tables as between processes.
import { parseArgs } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { dailyPauses } from '../src/db/repositories/call-budget-repository';
import { createHubSpotClient } from '../src/hubspot/client';
import { apiLimits, apiTiers } from '../src/hubspot/limits/api-tiers';
import { DailyLimitReached } from '../src/hubspot/limits/call-budget';
import { detectLimits } from '../src/hubspot/limits/limit-settings';
import { portalBudget } from '../src/services/rate-limits/hubspot-call-budgets';
import { fetchPortalDetails } from '../src/hubspot/portal-details';
import { runFullSync } from '../src/services/sync/full-sync';
import { runIncrementalSync } from '../src/services/sync/incremental-sync';
import { fixtureSchema } from '../src/sandbox/fixture-schema';
import { createSandbox, type Sandbox } from '../src/sandbox/server';
import { createServerDatabase } from '../test/support/databases';
import { seedPortfolio, touchRecords } from './sync-portfolio';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '2000' },
    changed: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    tier: { type: 'string', default: 'starter' },
    'time-scale': { type: 'string', default: '1' },
    postgres: { type: 'boolean', default: false },
  },
});
const tier = apiTiers.find((candidate) => candidate === values.tier);
if (!tier) throw new Error(`--tier must be one of ${apiTiers.join(', ')}`);
const companies = Number(values.companies);
const changed = Number(values.changed ?? Math.round(companies / 5));
const rounds = Number(values.rounds);
const timeScale = Number(values['time-scale']);
const limits = apiLimits({ tier, timeScale });
const portalId = 7_700_001;

interface Scenario {
  readonly sandbox: Sandbox;
  readonly database: DatabaseHandle;
  readonly client: ReturnType<typeof createHubSpotClient>;
  close(): Promise<void>;
}

async function scenario(paced: boolean): Promise<Scenario> {
  const sandbox = createSandbox({
    fixture: fixtureSchema.parse({ portal: { id: portalId, timeZone: 'Europe/Paris', currency: 'EUR' } }),
    rateLimit: paced ? { tier, timeScale } : { tier, maxRequests: 1_000_000, searchPerSecond: 1_000_000 },
  });
  seedPortfolio(sandbox, companies);
  const running = await sandbox.start(0);
  const server = values.postgres ? await createServerDatabase() : undefined;
  const database = await openDatabase(server ? { databaseUrl: server.url } : { dataDir: 'memory' });
  // HUBSPOT_API_TIER=auto: the tier comes from the sandbox's daily limit; the jitter allowance scales with the windows.
  const usage = { baseUrl: running.url, accessToken: () => 'bench' };
  const budget = paced
    ? portalBudget(database.db, portalId, () => detectLimits(usage, { tier: 'auto', capacityPacks: 0, timeScale }), {
        sharedBy: database.kind === 'pglite' ? 'process' : 'database',
        jitterAllowanceMs: 50 / timeScale,
      })
    : undefined;
  const client = createHubSpotClient({
    accessToken: 'bench',
    baseUrl: running.url,
    requestsPer10Seconds: paced ? limits.burst.max : 1_000_000,
    ...(budget ? { budget } : {}),
  });
  return {
    sandbox,
    database,
    client,
    close: async () => {
      await database.close();
      await server?.drop();
      await running.close();
    },
  };
}

/** The least time a rolling window of `max` calls per `windowMs` allows for `calls` calls. */
const leastSeconds = (calls: number, max: number, windowMs: number) =>
  (Math.max(0, Math.ceil(calls / max) - 1) * windowMs) / 1000;
const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

async function phases(run: Scenario) {
  const portal = await fetchPortalDetails(run.client);
  let shift = 0;
  // The incremental sync reads up to a minute ago (HubSpot's search lags): each round runs as if two more minutes passed.
  const later = () => Date.now() + shift;
  const result: { name: string; seconds: number; calls: ReturnType<Sandbox['calls']> }[] = [];
  run.sandbox.resetCalls();
  result.push({
    name: 'full sync',
    seconds: await timed(() => runFullSync({ client: run.client, db: run.database.db, portal })),
    calls: run.sandbox.calls(),
  });
  run.sandbox.resetCalls();
  const incremental = await timed(async () => {
    for (let round = 0; round < rounds; round += 1) {
      touchRecords(run.sandbox, changed);
      shift += 120_000;
      await runIncrementalSync({ client: run.client, db: run.database.db, portal, now: later });
    }
  });
  result.push({
    name: `${rounds} incremental syncs of ${changed} companies and deals`,
    seconds: incremental,
    calls: run.sandbox.calls(),
  });
  return {
    portal,
    result,
    later: () => {
      shift += 120_000;
      return later();
    },
  };
}

console.log(
  `${companies} companies and deals, tier ${tier}: ${limits.burst.max} calls per ${limits.burst.intervalMilliseconds} ms, ` +
    `search ${limits.search.max} per ${limits.search.intervalMilliseconds} ms (time scale ${timeScale}); database ${values.postgres ? 'Postgres' : 'PGlite'}`,
);
const unlimited = await scenario(false);
const baseline = (await phases(unlimited)).result;
await unlimited.close();

const paced = await scenario(true);
const { portal, result, later } = await phases(paced);
for (const [index, phase] of result.entries()) {
  const counts = phase.calls.limits;
  if (!counts) throw new Error('the sandbox enforces no limits');
  const burst = leastSeconds(counts.allowed.tenSecondly, limits.burst.max, limits.burst.intervalMilliseconds);
  const search = leastSeconds(counts.allowed.searchSecondly, limits.search.max, limits.search.intervalMilliseconds);
  const alone = baseline[index]?.seconds ?? 0;
  const ratio = (least: number) => (least > 0 ? (phase.seconds / least).toFixed(2) : 'n/a (all in the first window)');
  console.log(
    `${phase.name}: ${counts.allowed.tenSecondly} calls, ${counts.allowed.searchSecondly} of them searches; wall ${phase.seconds.toFixed(1)} s ` +
      `(without limits ${alone.toFixed(1)} s); 429s: ${Object.entries(counts.refused)
        .map(([policy, count]) => `${policy} ${count}`)
        .join(', ')}, none unhandled`,
  );
  console.log(`  burst limit:  least ${burst.toFixed(1)} s, wall / least ${ratio(burst)}`);
  console.log(`  search limit: least ${search.toFixed(1)} s, wall / least ${ratio(search)}`);
  console.log(
    `  wall / max(limits' least, run without limits) = ${(phase.seconds / Math.max(burst, search, alone)).toFixed(2)}`,
  );
}

// The account's other apps used up the day: the next call is refused with DAILY, never repeated, and the portal pauses.
paced.sandbox.useDailyCalls(0);
touchRecords(paced.sandbox, 10);
paced.sandbox.resetCalls();
const stopped = await runIncrementalSync({ client: paced.client, db: paced.database.db, portal, now: later }).then(
  () => undefined,
  (error: unknown) => error,
);
const calls = paced.sandbox.calls();
const [pause] = await dailyPauses(paced.database.db, portalId);
console.log(
  `DAILY: the sync stopped with ${stopped instanceof DailyLimitReached ? 'DailyLimitReached' : String(stopped)} after ${calls.total} call ` +
    `(${calls.limits?.refused.DAILY ?? 0} refused with DAILY, ${calls.total - 1} retries); paused until ${pause?.until.toISOString() ?? 'never'} (midnight ${portal.timeZone})`,
);
const again = await runIncrementalSync({ client: paced.client, db: paced.database.db, portal, now: later }).then(
  () => 'ran',
  (error: unknown) => (error instanceof DailyLimitReached ? 'refused before calling HubSpot' : String(error)),
);
console.log(
  `  the next sync while paused: ${again}; calls to HubSpot since: ${paced.sandbox.calls().total - calls.total}`,
);
await paced.close();
