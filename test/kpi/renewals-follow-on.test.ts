import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renewalsNoteOf } from '../../src/services/kpi/renewals-note-service';
import { portfolioKpis } from '../../src/services/kpi/portfolio-kpis-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { applyRecordChanges } from '../../src/services/sync/apply-records';
import { loadContractSettings } from '../../src/services/sync/contract-settings';
import { databaseTargets } from '../support/databases';
import { fixtureKpiReports, oneAddOnOffTerm, syncedFixturePortal } from '../support/fixture-kpi-report';

// A portal that records its renewals as HubSpot's "Existing business", with none of the app's deal properties: each
// customer's renewal closes some weeks before its term ends (or after), and one customer bought extra seats mid-term.
// Another marks its renewal with cs_deal_kind (a HubSpot workflow can) but sets no cs_contract_start.
const fixturePath = path.resolve(import.meta.dirname, '../fixtures/renewals-without-terms.json');
const asOf = '2026-11-15';
const followOn = { renewals: { followOn: true } };

const months = { from: '2025-01', to: '2026-03', asOf };

const ways =
  'To have them continue the terms they renew, turn on the KPI setting renewals.followOn, or set cs_contract_start to the day the term ends on the deals in HubSpot (and cs_deal_kind to renewal on those recorded as Existing business).';

describe('renewals recorded without their terms in the KPI report', () => {
  const kpiReport = fixtureKpiReports(fixturePath, months);

  it('counts them as domain §1.1 says, upsells beside the terms they renew, and says how many look like renewals', async () => {
    const { note, month } = await kpiReport();
    expect(note).toBe(
      "3 deals recorded as Existing business without cs_deal_kind start within 60 days of the end of the company's contract for the same product, as renewals do, and count as upsells. " +
        "1 renewal without cs_contract_start starts on its close date, up to 60 days before or after the term renewed ends, so the customer's MRR counts both terms (or neither) in between. " +
        `${ways} ${oneAddOnOffTerm}`,
    );
    // The renewal closed on 10 February runs beside the term it renews until 1 March: MRR doubles, then drops.
    expect(month.get('2025-02')).toMatchObject({
      upsellCustomers: 1,
      upsellMrr: 1000,
      expansionMrr: 1000,
      endMrr: 3100,
    });
    expect(month.get('2025-03')).toMatchObject({ contractionMrr: 1000, endMrr: 2100 });
    // So does the renewal marked as one, closed on 10 April, beside the term ending on 1 May.
    expect(month.get('2025-04')).toMatchObject({ upsellCustomers: 0, expansionMrr: 300, endMrr: 2400 });
    expect(month.get('2025-05')).toMatchObject({ contractionMrr: 300, endMrr: 2100 });
  }, 120_000);

  it('has them continue the terms they renew with the setting: only real changes move MRR', async () => {
    const { note, month } = await kpiReport(followOn);
    expect(note).toBe(
      `4 renewals (3 recorded as Existing business without cs_deal_kind, 1 without cs_contract_start) continue the terms they renew (KPI setting renewals.followOn). ${oneAddOnOffTerm}`,
    );
    for (const period of ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2026-01', '2026-02'])
      expect(month.get(period)).toMatchObject({ upsellCustomers: 0, expansionMrr: 0, contractionMrr: 0 });
    expect(month.get('2025-02')?.endMrr).toBe(2100);
    // The 2026 renewal is priced 1,100 a month: expansion on the day its term starts, 1 March.
    expect(month.get('2026-03')).toMatchObject({ expansionMrr: 100, endMrr: 1900 });
    // The extra seats bought in November 2024 stay an upsell and end after their own twelve months.
    expect(month.get('2025-11')).toMatchObject({ contractionMrr: 100 });
  }, 120_000);
});

describe.each(databaseTargets)('the setting renewals.followOn on a synced portal ($name)', (target) => {
  const portal = syncedFixturePortal(target, fixturePath);
  const terms = () => portal.contracts((contract) => `${contract.kind} ${contract.startDate}..${contract.endDate}`);
  const februaryUpsells = async () => {
    const [group] = await portfolioKpis(portal.db, {
      portalId: portal.portalId,
      timeZone: 'UTC',
      from: '2025-02',
      to: '2025-02',
      period: 'month',
      cut: null,
      asOf,
    });
    return group?.periods[0]?.upsellCustomers;
  };

  it('derives the contracts again when it changes, in the same transaction, and the KPIs follow', async () => {
    expect((await terms())['6102']).toBe('upsell 2025-02-10..2026-02-10');
    expect(await februaryUpsells()).toBe(1);
    const changed = await changeSettings(portal.db, portal.portalId, 'kpi', followOn, 'test');
    expect(changed).toMatchObject({ stored: true, recomputeHealth: true });
    expect(await terms()).toMatchObject({
      '6102': 'renewal 2025-03-01..2026-03-01',
      '6103': 'renewal 2026-03-01..2027-03-01',
      '6202': 'upsell 2024-11-01..2025-11-01',
      '6203': 'renewal 2025-06-15..2026-06-15',
      '6402': 'renewal 2025-05-01..2026-05-01',
    });
    expect(await februaryUpsells()).toBe(0);
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toMatch(
      /^4 renewals \(3 recorded as Existing business .*, 1 without cs_contract_start\) continue/,
    );
  });

  it('has a renewal that a webhook or an incremental sync brings in follow on', async () => {
    const deal = {
      id: '6104',
      properties: {
        dealname: 'Annual Renewer - renewal 2027',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: '2027-02-01T15:00:00Z',
        amount: '13200',
        dealtype: 'existingbusiness',
      },
      associations: { companies: { results: [{ id: '4101', type: 'deal_to_company' }] } },
    };
    await portal.db.transaction(async (transaction) =>
      applyRecordChanges(transaction, portal.portalId, await loadContractSettings(transaction, portal.portalId), {
        deals: [deal],
      }),
    );
    expect((await terms())['6104']).toBe('renewal 2027-03-01..2028-03-01');
  });

  it('puts every contract back as domain §1.1 derives it when turned off, and refuses a bad window', async () => {
    const refused = await changeSettings(
      portal.db,
      portal.portalId,
      'kpi',
      { renewals: { followOn: true, withinDays: 400 } },
      'test',
    );
    expect(refused.stored).toBe(false);
    if (!refused.stored) expect(refused.problems.map((problem) => problem.field)).toEqual(['renewals.withinDays']);
    await changeSettings(portal.db, portal.portalId, 'kpi', {}, 'test');
    expect(await terms()).toMatchObject({
      '6102': 'upsell 2025-02-10..2026-02-10',
      '6104': 'upsell 2027-02-01..2028-02-01',
      '6203': 'upsell 2025-06-01..2026-06-01',
      '6402': 'renewal 2025-04-10..2026-04-10',
    });
    expect(await februaryUpsells()).toBe(1);
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toMatch(
      /^4 deals recorded as Existing business .* count as upsells\. 1 renewal without/,
    );
  });

  it('has a renewal follow on what is left when the deal whose term it continued is deleted in HubSpot', async () => {
    await changeSettings(portal.db, portal.portalId, 'kpi', followOn, 'test');
    expect((await terms())['6103']).toBe('renewal 2026-03-01..2027-03-01');
    await portal.db.transaction(async (transaction) =>
      applyRecordChanges(transaction, portal.portalId, await loadContractSettings(transaction, portal.portalId), {
        removedDealIds: ['6102'],
      }),
    );
    const after = await terms();
    expect(after['6102']).toBeUndefined();
    // Nothing ends near 20 January 2026 any more: an upsell again, whose own term 6104 then continues.
    expect(after).toMatchObject({
      '6103': 'upsell 2026-01-20..2027-01-20',
      '6104': 'renewal 2027-01-20..2028-01-20',
    });
  });
});
