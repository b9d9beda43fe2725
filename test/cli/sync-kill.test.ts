import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { countCompanies } from '../../src/db/repositories/companies-repository';
import { countDeals } from '../../src/db/repositories/deals-repository';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { startCli } from '../support/cli-process';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';

const fixture = generateDemoPortfolio({ seed: 11, companies: 400 });

const storages = [
  { name: 'embedded database', serverOnly: false },
  { name: 'Postgres server', serverOnly: true },
].filter((storage) => !storage.serverOnly || postgresServerAvailable);

describe.each(storages)('npm run sync killed mid-run, on the $name', ({ serverOnly }) => {
  let scratch: string;
  let fixturePath: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'cs-sync-kill-'));
    fixturePath = path.join(scratch, 'portfolio.json');
    await writeFile(fixturePath, JSON.stringify(fixture));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  it('finishes on the next start with every record once', async () => {
    const dataDir = path.join(scratch, 'data');
    // A slow pace keeps the run long enough to be killed between two deal pages.
    const env: Record<string, string> = { DATA_DIR: dataDir, HUBSPOT_RATE_LIMIT_PER_10S: '60' };
    const server = serverOnly ? await createServerDatabase() : undefined;
    if (server) env.DATABASE_URL = server.url;
    try {
      const first = startCli('src/cli/sync.ts', ['--fixture', fixturePath], env);
      await first.waitFor(/sync deals +\d+ records, 3 page/, 90_000);
      first.child.kill('SIGKILL');
      await first.exited();
      expect(first.stdout()).toBe('');

      const second = startCli('src/cli/sync.ts', ['--fixture', fixturePath], env);
      expect(await second.exited(), second.stderr()).toBe(0);
      const summary = JSON.parse(second.stdout()) as {
        resumed: boolean;
        portalId: number;
        counts: Record<string, number>;
      };
      expect(summary.resumed).toBe(true);
      expect(second.stderr()).toMatch(/sync companies .*\(resumed\)/);
      expect(summary.counts).toMatchObject({
        companies: fixture.companies.length,
        deals: fixture.deals.length,
        owners: fixture.owners.length,
      });

      const handle = server ? await openDatabase({ databaseUrl: server.url }) : await openDatabase({ dataDir });
      try {
        expect(await countCompanies(handle.db, summary.portalId)).toBe(fixture.companies.length);
        expect(await countDeals(handle.db, summary.portalId)).toBe(fixture.deals.length);
      } finally {
        await handle.close();
      }
    } finally {
      await server?.drop();
    }
  });
});
