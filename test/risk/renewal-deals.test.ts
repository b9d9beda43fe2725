import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listCardActions } from '../../src/db/repositories/card-actions-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { cardActions, dealCompanies, deals, pipelineStages } from '../../src/db/schema';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { createHubSpotClient } from '../../src/hubspot/client';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { loadCompanyCard } from '../../src/services/card/company-card-service';
import { createDueRenewalDeals } from '../../src/services/risk/renewal-deals';
import { upcomingRenewals } from '../../src/services/risk/risk-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { databaseTargets } from '../support/databases';
import { seedFixtureDirect } from '../support/seed-fixture';
import { ifStarted } from '../support/if-started';
import { dayInWords } from '../../src/domain/text/day-in-words';

const createDealCall = 'POST /crm/v3/objects/deals';
const leadDays = 120;

describe.each(databaseTargets)('renewal deals created ahead of the renewal ($name)', (target) => {
  let handle: DatabaseHandle;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let portalId: number;
  const today = instantToLocalDate(Date.now(), 'UTC');
  const client = () =>
    createHubSpotClient({ accessToken: 'test-token', baseUrl: running.url, requestsPer10Seconds: 10_000 });
  const creates = () => sandbox.calls().byRoute[createDealCall] ?? 0;
  const run = () => createDueRenewalDeals({ db: handle.db, client: client() }, portalId, today);
  const setRisk = async (document: unknown) => {
    const result = await changeSettings(handle.db, portalId, 'risk', document, 'test');
    expect(result.stored).toBe(true);
  };

  beforeAll(async () => {
    handle = await target.open();
    const fixture = generateDemoPortfolio({ asOf: today, companies: 40, seed: 21, years: 2 });
    portalId = fixture.portal.id;
    // The sandbox answers the renewal deals' writes; the portfolio itself is seeded as the sync leaves it.
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
    await seedFixtureDirect(handle.db, fixture, today, []);
  }, 120_000);
  afterAll(async () => {
    await ifStarted(running)?.close();
    await ifStarted(handle)?.close();
  });

  it('is off by default: no deal is created', async () => {
    const before = creates();
    expect(await run()).toMatchObject({ enabled: false, due: 0, created: [] });
    expect(creates()).toBe(before);
  });

  it('refuses a stage the portal does not have, naming the setting, and claims nothing', async () => {
    await setRisk({ renewalDeal: { enabled: true, stageId: 'no-such-stage', leadDays } });
    const before = creates();
    await expect(run()).rejects.toThrow(
      /renewal deal stage no-such-stage is not a stage of any deal pipeline.*renewalDeal\.stageId/,
    );
    expect(creates()).toBe(before);
  });

  it('reports a stage HubSpot no longer has and releases its claims, so a later run can try again', async () => {
    // Synced before it was deleted in HubSpot: the app's check passes, the sandbox refuses the stage.
    await handle.db.insert(pipelineStages).values({
      portalId,
      objectType: 'deals',
      pipelineId: 'default',
      pipelineLabel: 'Sales Pipeline',
      id: 'retired-stage',
      label: 'Retired',
      displayOrder: 99,
    });
    await setRisk({ renewalDeal: { enabled: true, stageId: 'retired-stage', leadDays } });
    const before = creates();
    const refused = await run();
    expect(refused.due).toBeGreaterThan(1);
    expect(refused.created).toEqual([]);
    expect(refused.refused.length).toBe(refused.due);
    expect(refused.refused[0]?.message).toMatch(/retired-stage/);
    expect(creates() - before).toBe(refused.due);
    const claims = (await handle.db.select().from(cardActions)).filter(
      (row) => row.portalId === portalId && row.action === 'create_renewal_deal',
    );
    expect(claims).toEqual([]);
    await handle.db
      .delete(pipelineStages)
      .where(and(eq(pipelineStages.portalId, portalId), eq(pipelineStages.id, 'retired-stage')));
  });

  it('creates one deal per due renewal, even when HubSpot fails once, and none on the next runs', async () => {
    await setRisk({ renewalDeal: { enabled: true, pipelineId: 'default', leadDays } });
    const due = (await upcomingRenewals(handle.db, portalId, today, leadDays)).renewals.filter(
      (renewal) => renewal.renewalDeal === null,
    );
    expect(due.length).toBeGreaterThan(1);
    const before = creates();
    // The first create's answer is a 503: the run fails, the retry makes that deal without a second copy.
    sandbox.failNext({ status: 503, match: createDealCall });
    await expect(run()).rejects.toThrow(/did not confirm 1 renewal deal/);
    const retried = await run();
    expect(retried.created).toHaveLength(1);
    expect(creates() - before).toBe(due.length + 1);
    const again = await run();
    expect(again).toMatchObject({ enabled: true, created: [], recovered: [], refused: [] });
    expect(creates() - before).toBe(due.length + 1);

    const shown = (await upcomingRenewals(handle.db, portalId, today, leadDays)).renewals;
    for (const renewal of due) {
      const row = shown.find(
        (each) => each.companyId === renewal.companyId && each.renewalDate === renewal.renewalDate,
      );
      expect(row?.renewalDeal?.name).toContain(`renewal ${dayInWords(renewal.renewalDate)}`);
      expect(row?.renewalDeal?.expectedCloseDate).toBe(renewal.renewalDate);
      const actions = (await listCardActions(handle.db, portalId, renewal.companyId)).filter(
        (action) => action.action === 'create_renewal_deal' && action.subject === renewal.renewalDate,
      );
      expect(actions).toHaveLength(1);
      const deal = await client().crm.deals.basicApi.getById(actions[0]?.resultId ?? '', [
        'pipeline',
        'dealstage',
        'cs_deal_kind',
        'closedate',
        'amount',
        'cs_mrr',
      ]);
      expect(deal.properties).toMatchObject({ pipeline: 'default', cs_deal_kind: 'renewal' });
      expect(deal.properties.closedate?.slice(0, 10)).toBe(renewal.renewalDate);
      // A year of the monthly amount to the cent, written out exactly (no float residue such as 1.2000000000000002).
      const yearCents = Math.round(Number(deal.properties.cs_mrr) * 100) * 12;
      expect(deal.properties.amount).toBe(String(yearCents / 100));
    }
  }, 60_000);

  it("shows a created deal in the company card's Renewal section at once, without a sync", async () => {
    const portal = await findPortal(handle.db, portalId);
    if (!portal) throw new Error('the portal was not synced');
    const created = (await handle.db.select().from(cardActions)).filter(
      (row) => row.portalId === portalId && row.action === 'create_renewal_deal' && row.resultId !== null,
    );
    expect(created.length).toBeGreaterThan(1);
    for (const action of created) {
      const card = await loadCompanyCard({ db: handle.db, portal, companyId: action.companyId, asOf: today });
      expect(card.renewal?.renewalDeal).toMatchObject({
        dealId: action.resultId,
        name: expect.stringContaining(`renewal ${dayInWords(action.subject)}`),
        closeDate: action.subject,
      });
    }
  });

  it('finds a deal whose answer was lost on HubSpot instead of making a second one', async () => {
    const [action] = (await handle.db.select().from(cardActions)).filter(
      (row) => row.portalId === portalId && row.action === 'create_renewal_deal',
    );
    if (!action?.resultId) throw new Error('no renewal deal was created');
    // HubSpot made the deal, then the answer was lost: the claim says "unconfirmed" and the deal was never stored.
    await handle.db
      .delete(dealCompanies)
      .where(and(eq(dealCompanies.portalId, portalId), eq(dealCompanies.dealId, action.resultId)));
    await handle.db.delete(deals).where(and(eq(deals.portalId, portalId), eq(deals.id, action.resultId)));
    await handle.db
      .update(cardActions)
      .set({ resultId: null, details: { ...action.details, state: 'unconfirmed' } })
      .where(and(eq(cardActions.portalId, portalId), eq(cardActions.id, action.id)));
    const before = creates();
    const recovered = await run();
    expect(recovered.recovered).toEqual([action.resultId]);
    expect(recovered.created).toEqual([]);
    expect(creates()).toBe(before);
  });
});
