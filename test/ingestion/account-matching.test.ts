import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { rowsOf } from '../support/sql-rows';
import { ingestionSettingsSchema } from '../../src/domain/usage/ingestion-settings';
import { attachPendingEvents } from '../../src/services/ingestion/pending-events';
import { databaseTargets } from '../support/databases';
import { company, event, makeCustomer, portalId, setUpIngestion, type Harness } from './ingestion-harness';

type Summary = { count: number; accounts: number; hint: string };

describe.each(databaseTargets)('usage matched to companies on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: Harness;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    harness = await setUpIngestion(handle);
    // c3 is a company id that is also c4's account id: the account property wins.
    await upsertCompanies(handle.db, [
      company('30100000007', null, null),
      company('c3', null, null),
      company('c4', 'c3', null),
    ]);
    await makeCustomer(handle.db, '30100000007');
  });

  const post = (events: unknown[], app = harness.app) =>
    request(app).post('/api/v1/usage/batch').set('Authorization', `Bearer ${harness.key}`).send({ events });
  const companyOf = async (messageId: string) =>
    rowsOf<{ company_id: string }>(
      await handle.db.execute(
        sql`select company_id from usage_events where portal_id = ${portalId} and message_id = ${messageId}`,
      ),
    )[0]?.company_id;
  const unmatched = async (app = harness.app) => {
    const response = await request(app).get('/api/v1/usage/unmatched').set('Authorization', `Bearer ${harness.apiKey}`);
    expect(response.status).toBe(200);
    return response.body as { results: { accountId: string | null; events: number }[]; summary: Summary };
  };

  it('an accountId equal to a synced HubSpot company id matches that company; the account property comes first', async () => {
    const events = [
      event('by-id', { companyId: undefined, accountId: '30100000007' }),
      event('by-property', { companyId: undefined, accountId: 'c3' }),
      event('by-domain', { companyId: undefined, accountId: 'https://www.one.example/' }),
    ];
    expect((await post(events)).body).toMatchObject({ stored: 3, unmatched: 0 });
    expect(await companyOf('by-id')).toBe('30100000007');
    expect(await companyOf('by-property')).toBe('c4');
    expect(await companyOf('by-domain')).toBe('c1');
  });

  it("an ingestion key matches by domain only a customer: a prospect's domain waits as unmatched until it signs", async () => {
    // c2 (two.example) has no contract: anyone reading the product's bundle could otherwise write to it by domain.
    expect(
      (await post([event('prospect-domain', { companyId: undefined, accountId: 'two.example' })])).body,
    ).toMatchObject({ stored: 0, unmatched: 1 });
    expect(await companyOf('prospect-domain')).toBeUndefined();
    await makeCustomer(handle.db, 'c2');
    expect(
      (await post([event('customer-domain', { companyId: undefined, accountId: 'two.example' })])).body,
    ).toMatchObject({ stored: 1, unmatched: 0 });
    expect(await companyOf('customer-domain')).toBe('c2');
  });

  it('a Segment groupId equal to a company id matches it', async () => {
    const basic = `Basic ${Buffer.from(`${harness.key}:`).toString('base64')}`;
    expect(
      (
        await request(harness.app)
          .post('/v1/group')
          .set('Authorization', basic)
          .send({ userId: 'seg-user', groupId: '30100000007' })
      ).status,
    ).toBe(200);
    const track = { userId: 'seg-user', event: 'Login', timestamp: '2026-03-02T08:00:00Z', messageId: 'seg-1' };
    expect((await request(harness.app).post('/v1/track').set('Authorization', basic).send(track)).status).toBe(200);
    expect(await companyOf('seg-1')).toBe('30100000007');
  });

  it('with matchCompanyId off, a company id waits as unmatched; the summary counts it and says how to fix it', async () => {
    const strict = await setUpIngestion(handle, { matchCompanyId: false });
    harness = strict;
    await upsertCompanies(handle.db, [company('30100000007', null, null)]);
    const response = await post(
      [
        event('strict-1', { companyId: undefined, accountId: '30100000007' }),
        event('strict-2', { companyId: undefined, accountId: 'nowhere' }),
      ],
      strict.app,
    );
    expect(response.body).toMatchObject({ stored: 0, unmatched: 2 });
    const { results, summary } = await unmatched(strict.app);
    expect(results.map((row) => row.accountId)).toEqual(['30100000007', 'nowhere']);
    expect(summary).toMatchObject({ count: 2, accounts: 2 });
    expect(summary.hint).toContain('cs_account_id');
    expect(summary.hint).not.toContain('HubSpot company id');
  });

  it('an event kept aside is attached once a company with that id is synced', async () => {
    expect((await post([event('late', { companyId: undefined, accountId: '30100000099' })])).body).toMatchObject({
      unmatched: 1,
    });
    expect((await unmatched()).summary).toMatchObject({ count: 1, accounts: 1 });
    expect((await unmatched()).summary.hint).toContain('HubSpot company id as accountId (Segment: groupId)');
    await upsertCompanies(handle.db, [company('30100000099', null, null)]);
    // A company id names only a customer: the prospect's id attaches nothing until it has a contract.
    expect(await attachPendingEvents(handle.db, portalId, ingestionSettingsSchema.parse({}))).toBe(0);
    await makeCustomer(handle.db, '30100000099');
    expect(await attachPendingEvents(handle.db, portalId, ingestionSettingsSchema.parse({}))).toBe(1);
    expect(await companyOf('late')).toBe('30100000099');
    expect((await unmatched()).summary.count).toBe(0);
  });
});
