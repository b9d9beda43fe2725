import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { rowsOf } from '../support/sql-rows';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const server = databaseTargets.find((target) => target.name === 'postgres');

describe.skipIf(server === undefined)('account matching on the Postgres server', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    if (server === undefined) throw new Error('the suite runs only with a Postgres server');
    handle = await server.open();
    const companies = Array.from({ length: 5_000 }, (_, index) => ({
      portalId: 1 + (index % 5),
      id: `c${index}`,
      name: null,
      domain: null,
      accountId: `acct-${index}`,
      properties: {},
    }));
    await upsertCompanies(handle.db, companies);
    await handle.db.execute(sql`analyze companies`);
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('finds a batch of account ids through an index on (portal, account id), not by reading the portal', async () => {
    // The statement shape resolveAccountCompanies sends for the default account property.
    const plan = rowsOf<{ 'QUERY PLAN': string }>(
      await handle.db.execute(sql`
      explain select id, account_id from companies
      where portal_id = 2 and not archived and account_id in ('acct-1', 'acct-6', 'acct-11')`),
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('companies_account_idx');
  });
});
