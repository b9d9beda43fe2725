// Sync benchmark: HubSpot calls per object type against the minimum ceil(records / 100), and wall time
// against the floor the rate limit sets (calls / limit). Ratios, so a noisy machine still reads right.
// `--limit 100000` lifts the pace, so the deals step's time and the process's CPU time (PGlite runs in it, or
// `--database-url` for a Postgres server, an empty database of its own) show the database work of storing the deals.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client';
import { rebuildCompanyMrr, refreshCompanyMrr } from '../src/db/repositories/company-mrr-repository';
import { listContracts } from '../src/db/repositories/contracts-repository';
import type { SyncProgress } from '../src/hubspot/sync/full-sync';
import { createHubSpotClient } from '../src/hubspot/client';
import { fetchPortalDetails } from '../src/hubspot/portal-details';
import { runFullSync } from '../src/hubspot/sync/full-sync';
import { generateDemoPortfolio } from '../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox } from '../src/sandbox/server';

const { values } = parseArgs({
  options: { companies: { type: 'string', default: '200' }, limit: { type: 'string', default: '190' }, 'database-url': { type: 'string' } },
});
const companies = Number(values.companies);
const limitPer10Seconds = Number(values.limit);

const fixture = generateDemoPortfolio({ companies });
const sandbox = createSandbox({ fixture, rateLimit: { maxRequests: limitPer10Seconds } });
const running = await sandbox.start(0);
const databaseUrl = values['database-url'];
const database = await openDatabase(databaseUrl === undefined ? { dataDir: 'memory' } : { databaseUrl });
const client = createHubSpotClient({ accessToken: 'bench', baseUrl: running.url, requestsPer10Seconds: limitPer10Seconds });

const portal = await fetchPortalDetails(client);
sandbox.resetCalls();
const started = performance.now();
const cpuBefore = process.cpuUsage();
let dealsStarted = started;
const onProgress = (progress: SyncProgress) => {
  if (progress.objectType === 'companies' && progress.done) dealsStarted = performance.now();
};
const result = await runFullSync({ client, db: database.db, portal, onProgress });
const ended = performance.now();
const cpu = process.cpuUsage(cpuBefore);
const seconds = (ended - started) / 1000;
const calls = sandbox.calls();

const rows = [
  { objectType: 'owners', route: 'GET /crm/v3/owners', records: result.counts.owners },
  { objectType: 'companies', route: 'GET /crm/v3/objects/companies', records: result.counts.companies },
  { objectType: 'deals', route: 'GET /crm/v3/objects/deals', records: result.counts.deals },
  { objectType: 'pipelines', route: 'GET /crm/v3/pipelines/deals', records: result.counts.pipelines },
];
console.log(`portfolio: ${companies} companies, rate limit ${limitPer10Seconds} / 10 s`);
console.log('object type   records   calls   minimum   calls / minimum');
for (const row of rows) {
  const made = calls.byRoute[row.route] ?? 0;
  const minimum = row.objectType === 'pipelines' ? 1 : Math.max(1, Math.ceil(row.records / 100));
  console.log(`${row.objectType.padEnd(12)} ${String(row.records).padStart(8)} ${String(made).padStart(7)} ${String(minimum).padStart(9)}   ${(made / minimum).toFixed(3)}`);
}
const floorSeconds = calls.total / (limitPer10Seconds / 10);
console.log(`all calls: ${calls.total}; wall time ${seconds.toFixed(2)} s vs calls / rate limit ${floorSeconds.toFixed(2)} s (ratio ${(seconds / floorSeconds).toFixed(2)})`);
const dealsSeconds = (ended - dealsStarted) / 1000;
const dealCalls = calls.byRoute['GET /crm/v3/objects/deals'] ?? 0;
console.log(`deals step (pages and completion): ${dealsSeconds.toFixed(2)} s, ${(dealsSeconds * 1000 / Math.max(1, dealCalls)).toFixed(1)} ms a page; ` +
  `process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})`);

// The company MRR work alone: refreshed page by page (the companies of each 100 deals, as webhooks and
// the incremental sync do) against one rebuild of the portal at the end (what the full sync does).
const byDeal = (await listContracts(database.db, portal.id)).sort((a, b) => a.dealId.length - b.dealId.length || a.dealId.localeCompare(b.dealId));
const timedMs = async (work: () => Promise<void>) => {
  const begun = performance.now();
  await work();
  return performance.now() - begun;
};
let perPageMs = 0;
for (let first = 0; first < byDeal.length; first += 100) {
  const companyIds = byDeal.slice(first, first + 100).map((contract) => contract.companyId);
  perPageMs += await timedMs(() => database.db.transaction((transaction) => refreshCompanyMrr(transaction, portal.id, companyIds)));
}
const rebuildMs = await timedMs(() => rebuildCompanyMrr(database.db, portal.id));
const refreshed = new Set(byDeal.map((contract) => contract.companyId)).size;
console.log(`company MRR of ${refreshed} companies, ${byDeal.length} contracts: refreshed per page ${perPageMs.toFixed(0)} ms ` +
  `vs one rebuild ${rebuildMs.toFixed(0)} ms (ratio ${(perPageMs / Math.max(1, rebuildMs)).toFixed(1)})`);

await database.close();
await running.close();
