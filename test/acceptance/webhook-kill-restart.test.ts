import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { createSandbox } from '../../src/sandbox/server';
import { startCli, type CliProcess } from '../support/cli-process';
import { childStorages } from '../support/kill-restart';
import {
  bulkPortalId,
  bulkPortfolio,
  bulkSubscriptions,
  closingCompanyIds,
  closingDealIds,
  dealMrr,
  eventCount,
  lateEventCount,
  makeBulkChanges,
} from './support/bulk-portfolio';
import { selectRows } from './support/row-counts';

const entry = 'test/acceptance/support/webhook-service-child.ts';
const clientSecret = 'kill-test-client-secret';
const minutes = 60_000;
const sorted = (values: Iterable<string>) => [...values].sort();

async function killed(child: CliProcess): Promise<void> {
  child.child.kill('SIGKILL');
  await child.exited();
}

describe.each(childStorages)(
  'the service SIGKILLed while 10,000 webhook events are queued, on the $name',
  (storage) => {
    it(
      'processes each exactly once in effect once it is started again',
      async () => {
        expect(eventCount).toBe(10_000);
        // HubSpot outlives the service: the sandbox runs here, the service in a child process.
        const sandbox = createSandbox({ fixture: bulkPortfolio(), rateLimit: false });
        const hubspot = await sandbox.start(0);
        const database = await storage.prepare();
        // On the server a killed run's job is retried only once it expires (another replica might still hold it): keep that short.
        const env = {
          ...database.env,
          HUBSPOT_BASE_URL: hubspot.url,
          HUBSPOT_CLIENT_SECRET: clientSecret,
          HUBSPOT_RATE_LIMIT_PER_10S: '10000',
          JOBS_EXPIRE_IN_SECONDS: '30',
        };
        const children: CliProcess[] = [];
        try {
          const first = startCli(entry, ['--events', String(eventCount), '--receive'], env);
          children.push(first);
          const [, webhookUrl = ''] = await first.waitFor(/listening (\S+) /, 2 * minutes);
          const delivery = sandbox.deliverWebhooks({
            targetUrl: webhookUrl,
            clientSecret,
            subscriptions: bulkSubscriptions,
            timeScale: 1e-3,
          });
          makeBulkChanges(sandbox.store);
          await delivery.idle();
          expect(delivery.stats()).toMatchObject({ delivered: eventCount, dropped: 0, failedAttempts: 0 });
          expect(delivery.stats().requests).toBe(eventCount / 100);
          await first.waitFor(new RegExp(`stored ${eventCount} `), minutes);
          // Killed once some, not all, are processed ("progress 1000/10000" to "progress 8999/10000"): before the late deals' events.
          await first
            .waitFor(new RegExp(`progress [1-8]\\d{3}/${eventCount} `), 2 * minutes)
            .finally(() => killed(first));
          expect(first.stdout()).not.toMatch(/finished/);

          const second = startCli(entry, ['--events', String(eventCount)], env);
          children.push(second);
          const before = Number((await second.waitFor(/processed before (\d+) /, minutes))[1]);
          expect(before).toBeGreaterThan(0);
          expect(before).toBeLessThan(eventCount - lateEventCount);
          await second.waitFor(new RegExp(`finished with ${eventCount} processed`), 3 * minutes);
          expect(await second.exited(), `${first.stdout()}\n${second.stdout()}\n${second.stderr()}`).toBe(0);

          const handle = await database.open();
          try {
            await expectExactlyOnceInEffect(handle, sandbox.store);
          } finally {
            await handle.close();
          }
        } finally {
          for (const child of children) if (child.child.exitCode === null) await killed(child);
          await hubspot.close();
          await database.cleanup();
        }
      },
      8 * minutes,
    );
  },
);

async function expectExactlyOnceInEffect(
  handle: DatabaseHandle,
  store: ReturnType<typeof createSandbox>['store'],
): Promise<void> {
  const { db } = handle;
  expect(await countWebhookEvents(db, bulkPortalId)).toEqual({ total: eventCount, pending: 0 });
  const outcomes = await selectRows<{ outcome: string | null; count: number }>(
    db,
    sql`
    select outcome, count(*)::int as count from webhook_events where portal_id = ${bulkPortalId} group by outcome`,
  );
  expect(outcomes.every((row) => row.outcome === 'applied' || row.outcome === 'stale')).toBe(true);

  // The local records are the sandbox's current ones.
  const deals = await selectRows<{ id: string; amount: string; stage_id: string }>(
    db,
    sql`
    select id, amount, stage_id from deals where portal_id = ${bulkPortalId} order by id`,
  );
  expect(deals.map((deal) => ({ id: deal.id, amount: deal.amount, stage_id: deal.stage_id }))).toEqual(
    store.objects
      .list('deals')
      .map((deal) => ({ id: deal.id, amount: deal.properties.amount, stage_id: deal.properties.dealstage })),
  );
  const companies = await selectRows<{ id: string; name: string }>(
    db,
    sql`select id, name from companies where portal_id = ${bulkPortalId} order by id`,
  );
  expect(companies).toEqual(
    store.objects.list('companies').map((company) => ({ id: company.id, name: company.properties.name })),
  );

  // Each deal that closed was reported once and handed off once: one onboarding, one task, one note.
  const transitions = await selectRows<{ deal_id: string; notified: boolean }>(
    db,
    sql`
    select deal_id, notified_at is not null as notified from closed_won_transitions where portal_id = ${bulkPortalId}`,
  );
  expect(sorted(transitions.map((row) => row.deal_id))).toEqual(sorted(closingDealIds));
  expect(transitions.every((row) => row.notified)).toBe(true);
  const handoffs = await selectRows<{ deal_id: string; company_id: string; incomplete: boolean; csm_owner_id: string }>(
    db,
    sql`
    select deal_id, company_id, incomplete, csm_owner_id from handoffs where portal_id = ${bulkPortalId}`,
  );
  expect(sorted(handoffs.map((row) => row.deal_id))).toEqual(sorted(closingDealIds));
  expect(handoffs.every((row) => !row.incomplete)).toBe(true);
  const onboarding = await selectRows<{ company_id: string }>(
    db,
    sql`select company_id from onboarding_records where portal_id = ${bulkPortalId}`,
  );
  expect(sorted(onboarding.map((row) => row.company_id))).toEqual(sorted(closingCompanyIds));

  const engagements = await selectRows<{ kind: string; hubspot_id: string | null }>(
    db,
    sql`
    select kind, hubspot_id from handoff_engagements where portal_id = ${bulkPortalId}`,
  );
  const idsOf = (kind: string) =>
    sorted(engagements.filter((row) => row.kind === kind).map((row) => String(row.hubspot_id)));
  expect(sorted(store.objects.list('tasks').map((task) => task.id))).toEqual(idsOf('csm_task'));
  expect(sorted(store.objects.list('notes').map((note) => note.id))).toEqual(idsOf('summary_note'));
  expect(engagements).toHaveLength(2 * closingDealIds.length);
  for (const companyId of closingCompanyIds) {
    for (const type of ['tasks', 'notes'] as const) {
      expect(
        store.associations.targets('companies', companyId, type, (id) => store.objects.isLive(type, id)),
        `${type} of ${companyId}`,
      ).toHaveLength(1);
    }
  }

  // The hand-off's write-back reached HubSpot for those companies, and only for them.
  const csmByCompany = new Map(handoffs.map((row) => [row.company_id, row.csm_owner_id]));
  for (const company of store.objects.list('companies')) {
    const csm = csmByCompany.get(company.id);
    const { cs_onboarding_stage: stage, cs_mrr: mrr, cs_csm: csmValue } = company.properties;
    if (csm === undefined)
      expect([stage, mrr, csmValue].filter((value) => value !== undefined && value !== null && value !== '')).toEqual(
        [],
      );
    else
      expect({ id: company.id, stage, mrr: Number(mrr), csm: csmValue }).toEqual({
        id: company.id,
        stage: 'introduction',
        mrr: Number(dealMrr),
        csm,
      });
  }

  const deadLetters = await selectRows<{ name: string; data: unknown; output: unknown }>(
    db,
    sql`
    select name, data, output from pgboss.job where name like '%.dead-letter'`,
  );
  expect(deadLetters).toEqual([]);
}
