import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { companyTablesOnMerge } from '../../src/db/repositories/company-merge-repository';
import { queryRows } from '../../src/db/repositories/query-rows';
import { resolveAccountCompanies } from '../../src/db/repositories/ingestion-accounts-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { runFullSync } from '../../src/services/sync/full-sync';
import { runIncrementalSync } from '../../src/services/sync/incremental-sync';
import { databaseTargets } from '../support/databases';

const portalId = 7302;
const deal = (id: string, mrr: string, companyId: string) => ({
  id,
  properties: {
    dealname: `Licence ${id}`,
    dealstage: 'closedwon',
    pipeline: 'default',
    closedate: '2026-01-05T00:00:00.000Z',
    cs_mrr: mrr,
    cs_contract_start: '2026-01-05',
    cs_contract_end: '2027-01-04',
  },
  companyIds: [companyId],
});
const fixture = fixtureSchema.parse({
  portal: { id: portalId },
  properties: {
    companies: [{ name: 'cs_account_id', type: 'string' }],
    deals: ['cs_mrr', 'cs_contract_start', 'cs_contract_end'].map((name) => ({
      name,
      type: name === 'cs_mrr' ? 'number' : 'date',
    })),
  },
  owners: [{ id: '1', email: 'ada@example.com', firstName: 'Ada' }],
  companies: [
    { id: '10', properties: { name: 'Acme', cs_account_id: 'acct-10', hubspot_owner_id: '1' } },
    { id: '11', properties: { name: 'Acme (duplicate)', cs_account_id: 'acct-11' } },
    { id: '12', properties: { name: 'Globex' } },
  ],
  deals: [deal('100', '1000', '10'), deal('101', '500', '11'), deal('102', '700', '12'), deal('103', '300', '12')],
});

/** What a CSM's work left on the two companies before HubSpot merged them. */
async function seedCustomerSuccess(handle: DatabaseHandle): Promise<void> {
  const statements = `
    insert into onboarding_records (portal_id, company_id, handoff_date, touch_model)
      values (${portalId}, '11', '2026-01-06', 'high_touch');
    insert into onboarding_milestones (portal_id, company_id, key, label, due_date, done_at)
      values (${portalId}, '11', 'kickoff', 'Kick-off', '2026-01-10', '2026-01-09T10:00:00Z');
    insert into csm_assignments (portal_id, company_id, owner_id, reason, touch_model, detail, deal_id, assigned_at)
      values (${portalId}, '10', '1', 'company_owner_is_csm', 'high_touch', 'owner', '100', '2026-01-06T00:00:00Z');
    insert into health_scores (portal_id, company_id, score_date, score, band, explanation)
      values (${portalId}, '10', '2026-03-01', 80, 'green', '{}'), (${portalId}, '11', '2026-03-01', 30, 'red', '{}'),
             (${portalId}, '11', '2026-02-01', 35, 'red', '{}');
    insert into usage_daily_active_users (portal_id, company_id, day, user_id, event_count)
      values (${portalId}, '10', '2026-03-02', 'ana', 4), (${portalId}, '11', '2026-03-02', 'ana', 3),
             (${portalId}, '11', '2026-03-02', 'bo', 2);
    insert into usage_monthly_active_users (portal_id, company_id, month, user_id, first_day, last_day)
      values (${portalId}, '10', '2026-03-01', 'ana', '2026-03-02', '2026-03-02'),
             (${portalId}, '11', '2026-03-01', 'ana', '2026-03-01', '2026-03-02'),
             (${portalId}, '11', '2026-03-01', 'bo', '2026-03-02', '2026-03-02');
    insert into usage_monthly_active_user_counts (portal_id, month, company_id, users)
      values (${portalId}, '2026-03-01', '10', 1), (${portalId}, '2026-03-01', '11', 2);
    insert into survey_responses (portal_id, id, company_id, kind, score, submitted_at)
      values (${portalId}, 'api:1', '11', 'nps', 9, '2026-03-03T00:00:00Z');
    insert into playbook_runs (portal_id, id, playbook_id, company_id, status, held_out, opened_on, score_at_open, evidence)
      values (${portalId}, 'run-10', 'pb', '10', 'open', false, '2026-03-01', 80, '{}'),
             (${portalId}, 'run-11', 'pb', '11', 'open', false, '2026-03-01', 30, '{}')`;
  // A prepared statement takes one command.
  for (const statement of statements.split(';')) await handle.db.execute(sql.raw(statement));
}

function rows(handle: DatabaseHandle, query: SQL): Promise<Record<string, unknown>[]> {
  return queryRows(handle.db, query, z.record(z.string(), z.unknown()));
}

describe.each(databaseTargets)('companies merged in HubSpot, on $name', (target) => {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let handle: DatabaseHandle;
  let portal: Awaited<ReturnType<typeof fetchPortalDetails>>;
  // The incremental sync reads up to a minute ago, as HubSpot's search index trails its writes; here the index is
  // caught up by hand.
  const incremental = (onDealsClosedWon?: (portalId: number, dealIds: string[]) => Promise<void>) =>
    runIncrementalSync({
      client: client(),
      db: handle.db,
      portal,
      lagMilliseconds: 0,
      retry: { retries: 0 },
      ...(onDealsClosedWon ? { onDealsClosedWon } : {}),
    });
  const client = () => createHubSpotClient({ accessToken: 't', baseUrl: running.url, requestsPer10Seconds: 10_000 });

  beforeAll(async () => {
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
    handle = await target.open();
    portal = await fetchPortalDetails(client());
    await runFullSync({ client: client(), db: handle.db, portal });
    await seedCustomerSuccess(handle);
  });
  afterAll(async () => {
    await running.close();
    await handle.close();
  });

  it('moves the customer’s history, onboarding, CSM, usage, surveys and runs to the merged record without webhooks', async () => {
    const merged = await client().crm.companies.basicApi.merge({ primaryObjectId: '10', objectIdToMerge: '11' });
    sandbox.store.objects.searchIndex.catchUp();
    await incremental();
    const survivor = merged.id;

    expect(
      await rows(handle, sql`select id, archived from companies where portal_id = ${portalId} order by id`),
    ).toEqual(
      [
        { id: '10', archived: true },
        { id: '11', archived: true },
        { id: '12', archived: false },
        { id: survivor, archived: false },
      ].sort((left, right) => left.id.localeCompare(right.id)),
    );
    const companyOf = async (table: string) =>
      (
        await rows(
          handle,
          sql`select distinct company_id from ${sql.raw(table)} where portal_id = ${portalId} order by 1`,
        )
      ).map((row) => row.company_id);
    expect(await companyOf('contracts')).toEqual(['12', survivor].sort());
    expect(await companyOf('onboarding_records')).toEqual([survivor]);
    expect(await companyOf('onboarding_milestones')).toEqual([survivor]);
    expect(await rows(handle, sql`select company_id, owner_id from csm_assignments`)).toEqual([
      { company_id: survivor, owner_id: '1' },
    ]);
    // The primary's score of a day stands; a day only the other company has comes with it.
    expect(
      await rows(handle, sql`select company_id, score_date, score from health_scores order by score_date`),
    ).toEqual([
      { company_id: survivor, score_date: '2026-02-01', score: 35 },
      { company_id: survivor, score_date: '2026-03-01', score: 80 },
    ]);
    expect(
      await rows(handle, sql`select company_id, user_id, event_count from usage_daily_active_users order by user_id`),
    ).toEqual([
      { company_id: survivor, user_id: 'ana', event_count: 7 },
      { company_id: survivor, user_id: 'bo', event_count: 2 },
    ]);
    expect(await rows(handle, sql`select company_id, users from usage_monthly_active_user_counts`)).toEqual([
      { company_id: survivor, users: 2 },
    ]);
    expect(await rows(handle, sql`select user_id, first_day from usage_monthly_active_users order by user_id`)).toEqual(
      [
        { user_id: 'ana', first_day: '2026-03-01' },
        { user_id: 'bo', first_day: '2026-03-02' },
      ],
    );
    expect(await companyOf('survey_responses')).toEqual([survivor]);
    expect(await rows(handle, sql`select id, company_id, status, close_reason from playbook_runs order by id`)).toEqual(
      [
        { id: 'run-10', company_id: survivor, status: 'open', close_reason: null },
        { id: 'run-11', company_id: survivor, status: 'closed', close_reason: 'company_merged' },
      ],
    );
    const mrr = await rows(
      handle,
      sql`select company_id, mrr_last_day from company_monthly_mrr where month = '2026-01-01' order by company_id`,
    );
    expect(mrr.map((row) => [row.company_id, Number(row.mrr_last_day)])).toEqual(
      [
        ['12', 100_000],
        [survivor, 150_000],
      ].sort((left, right) => String(left[0]).localeCompare(String(right[0]))),
    );
    // Events of the merged-away company's account now reach the customer it became.
    const accounts = await resolveAccountCompanies(
      handle.db,
      portalId,
      ['acct-10', 'acct-11'],
      'cs_account_id',
      new Set(),
    );
    expect(Object.fromEntries(accounts)).toEqual({ 'acct-10': survivor, 'acct-11': survivor });

    // Applied once: the next syncs find nothing left to move.
    const before = await rows(handle, sql`select count(*)::int as n from company_merges`);
    await runFullSync({ client: client(), db: handle.db, portal });
    await incremental();
    expect(await rows(handle, sql`select count(*)::int as n from company_merges`)).toEqual(before);
    expect(await companyOf('health_scores')).toEqual([survivor]);
  });

  it('keeps a merged deal’s hand-off and counts its contract once, without handing the merge to CS again', async () => {
    await handle.db.execute(
      sql`insert into handoffs (portal_id, deal_id, company_id, deal_kind) values (${portalId}, '102', '12', 'new')`,
    );
    const merged = await client().crm.deals.basicApi.merge({ primaryObjectId: '102', objectIdToMerge: '103' });
    sandbox.store.objects.searchIndex.catchUp();
    const won: string[] = [];
    await incremental((_portal, dealIds) => {
      won.push(...dealIds);
      return Promise.resolve();
    });
    expect(won).toEqual([]);
    expect(await rows(handle, sql`select deal_id from handoffs where portal_id = ${portalId}`)).toEqual([
      { deal_id: merged.id },
    ]);
    expect(
      await rows(
        handle,
        sql`select id, archived from deals where id in ('102', '103', ${merged.id}) order by length(id), id`,
      ),
    ).toEqual([
      { id: '102', archived: true },
      { id: '103', archived: true },
      { id: merged.id, archived: false },
    ]);
    const contracts = await rows(handle, sql`select deal_id from contracts where company_id = '12'`);
    expect(contracts).toEqual([{ deal_id: merged.id }]);
  });

  it('names what a merge does with every table that holds a company column', async () => {
    const tables = await rows(
      handle,
      sql`select distinct table_name from information_schema.columns
        where table_schema = current_schema() and column_name in ('company_id', 'primary_company_id', 'merged_id')
        order by 1`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      Object.keys(companyTablesOnMerge)
        .filter((name) => name !== 'companies')
        .sort(),
    );
  });
});
