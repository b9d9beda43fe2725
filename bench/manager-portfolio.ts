import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client';
import { findPortal } from '../src/db/repositories/portals-repository';
import { addCalendarMonths, addDays, monthOf } from '../src/domain/time/calendar-date';
import { instantToLocalDate } from '../src/domain/time/time-zone';
import { createHubSpotClient } from '../src/hubspot/client';
import { fetchPortalDetails } from '../src/hubspot/portal-details';
import { runFullSync } from '../src/services/sync/full-sync';
import { generateDemoPortfolio } from '../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox } from '../src/sandbox/server';
import { seedDemoOnboarding } from '../src/services/customer-success/demo-onboarding';
import { recomputeHealth } from '../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../src/services/ingestion/fixture-activity';
import { portfolioKpis } from '../src/services/kpi/portfolio-kpis-service';
import { loadManagerPortfolio } from '../src/services/manager/manager-portfolio-service';
import { medianMilliseconds } from './median-time';

// The manager view's whole payload vs its largest part, the monthly portfolio KPIs it reuses, on the
// demo portfolio in PGlite: the ratio says what the view adds on top of the KPI service.
const { values: options } = parseArgs({
  options: { companies: { type: 'string', default: '500' }, runs: { type: 'string', default: '5' } },
});
const runs = Number(options.runs);

const measure = (work: () => Promise<unknown>): Promise<number> => medianMilliseconds(runs, work);

const today = instantToLocalDate(Date.now(), 'UTC');
const fixture = generateDemoPortfolio({ companies: Number(options.companies), asOf: addDays(today, 1) });
const sandbox = await createSandbox({ fixture, rateLimit: false }).start(0);
const handle = await openDatabase({ dataDir: 'memory' });
try {
  const client = createHubSpotClient({ accessToken: 'bench', baseUrl: sandbox.url, requestsPer10Seconds: 10_000 });
  const details = await fetchPortalDetails(client);
  await runFullSync({ client, db: handle.db, portal: details });
  await loadFixtureActivity(handle.db, fixture);
  await seedDemoOnboarding(handle.db, details.id, today);
  for (const day of [addDays(today, -60), addDays(today, -30), today])
    await recomputeHealth(handle.db, details.id, day);
  const portal = await findPortal(handle.db, details.id);
  if (!portal) throw new Error('portal not synced');
  const to = monthOf(today);
  const from = addCalendarMonths(to, -11);
  const baseline = await measure(() =>
    portfolioKpis(handle.db, {
      portalId: portal.id,
      timeZone: portal.timeZone,
      from,
      to,
      period: 'month',
      cut: null,
      asOf: today,
    }),
  );
  const view = await measure(() =>
    loadManagerPortfolio(handle.db, { portal, asOf: today, query: { from, to, cut: 'owner' } }),
  );
  process.stdout.write(
    `${fixture.companies.length} companies, ${from}..${to}, median of ${runs} runs\n` +
      `  monthly portfolio KPIs (baseline): ${baseline.toFixed(0)} ms\n` +
      `  manager portfolio payload:         ${view.toFixed(0)} ms  (${(view / baseline).toFixed(2)}x the baseline)\n`,
  );
} finally {
  await handle.close();
  await sandbox.close();
}
