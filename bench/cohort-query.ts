import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client';
import { cohortRetention } from '../src/services/kpi/cohort-retention-service';
import type { CohortCut } from '../src/domain/kpi/cohort-triangle';
import { seedBenchPortfolio } from './kpi-query-seed';
import { medianMilliseconds } from './median-time';
import { admin, benchServerUrl } from './server-admin';

// The cohort triangle (36 months, every member measured each month) vs one plain aggregate over the same
// contracts, on a throwaway Postgres database. --scale 0.1 seeds 10k companies / 100k contracts.
const { values: options } = parseArgs({
  options: { scale: { type: 'string', default: '0.1' }, runs: { type: 'string', default: '5' } },
});
const scale = Number(options.scale);
const runs = Number(options.runs);
const sizes = { companies: Math.round(100_000 * scale), contracts: Math.round(1_000_000 * scale), events: 0 };
const serverUrl = benchServerUrl;
const portalId = 1;

const name = `cs_bench_cohorts_${randomBytes(4).toString('hex')}`;
await admin(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
try {
  process.stderr.write(`Seeding ${name}\n`);
  await seedBenchPortfolio(handle.db, portalId, sizes);
  await handle.db.execute(sql`analyze`);
  const plain = await medianMilliseconds(runs, () =>
    handle.db.execute(
      sql`select company_id, sum(mrr_minor) from contracts where portal_id = ${portalId} group by company_id`,
    ),
  );
  const lines = [
    `Cohort query benchmark: ${sizes.companies} companies, ${sizes.contracts} contracts (Postgres, median of ${runs})`,
    `${'plain MRR sum per company (contracts)'.padEnd(48)} ${plain.toFixed(0).padStart(7)} ms`,
  ];
  // The seed's contracts start from 2021-01, so the first 36 months hold nearly every company.
  for (const cut of [null, 'owner'] as (CohortCut | null)[]) {
    const time = await medianMilliseconds(runs, () =>
      cohortRetention(handle.db, {
        portalId,
        timeZone: 'UTC',
        from: '2021-01',
        to: '2023-12',
        asOfDate: '2026-11-01',
        cut,
      }),
    );
    lines.push(
      `${`cohort triangle, 36 months${cut === null ? '' : `, cut by ${cut}`}`.padEnd(48)} ${time.toFixed(0).padStart(7)} ms   ${(time / plain).toFixed(2).padStart(6)} x plain`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await handle.close();
  await admin(`drop database if exists ${name} with (force)`);
}
