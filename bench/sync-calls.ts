// Sync benchmark: HubSpot calls per object type against the minimum ceil(records / 100), and wall time
// against the floor the rate limit sets (calls / limit). Ratios, so a noisy machine still reads right.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client';
import { createHubSpotClient } from '../src/hubspot/client';
import { fetchPortalDetails } from '../src/hubspot/portal-details';
import { runFullSync } from '../src/hubspot/sync/full-sync';
import { generateDemoPortfolio } from '../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox } from '../src/sandbox/server';

const { values } = parseArgs({ options: { companies: { type: 'string', default: '200' }, limit: { type: 'string', default: '190' } } });
const companies = Number(values.companies);
const limitPer10Seconds = Number(values.limit);

const fixture = generateDemoPortfolio({ companies });
const sandbox = createSandbox({ fixture, rateLimit: { maxRequests: limitPer10Seconds, intervalMilliseconds: 10_000 } });
const running = await sandbox.start(0);
const database = await openDatabase({ dataDir: 'memory' });
const client = createHubSpotClient({ accessToken: 'bench', baseUrl: running.url, requestsPer10Seconds: limitPer10Seconds });

const portal = await fetchPortalDetails(client);
sandbox.resetCalls();
const started = performance.now();
const result = await runFullSync({ client, db: database.db, portal });
const seconds = (performance.now() - started) / 1000;
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

await database.close();
await running.close();
