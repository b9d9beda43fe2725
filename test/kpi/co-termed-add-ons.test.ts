import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renewalsNoteOf } from '../../src/services/kpi/renewals-note-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { applyRecordChanges } from '../../src/services/sync/apply-records';
import { loadContractSettings } from '../../src/services/sync/contract-settings';
import { databaseTargets } from '../support/databases';
import { fixtureKpiReports, syncedFixturePortal } from '../support/fixture-kpi-report';

// A portal that sets none of the app's end or term properties. Seat Adder (1,000 a month from 1 March 2024) bought 5
// seats for 500 a month on 1 September 2024 and renewed everything for 1,500 from 1 March 2025. Cross Seller (2,000 a
// month from 1 May 2024) added analytics for 300 a month on 1 November 2024 and left when its term ended on 1 May 2025.
const fixturePath = path.resolve(import.meta.dirname, '../fixtures/co-termed-add-ons.json');
const months = { from: '2025-01', to: '2025-12', asOf: '2026-11-15' };
const offTerm =
  "2 upsells and cross-sells bought during a running term state neither cs_contract_end nor cs_term_months, so each runs a term of its own from its start, ending on another day than the term it was bought into: its MRR counts beside that term's renewal, or stops before that term ends. To end them with the term they were bought into, turn on the KPI setting renewals.coTermAddOns, or set cs_contract_end on the deals in HubSpot.";
const coTermed =
  '2 upsells and cross-sells end with the terms they were bought into (KPI setting renewals.coTermAddOns).';

describe('add-ons bought during a term in the KPI report', () => {
  const kpiReport = fixtureKpiReports(fixturePath, months);

  it('count them beside the renewal and past the churn by the page, and says so', async () => {
    const { note, month } = await kpiReport();
    expect(note).toBe(offTerm);
    // The seats bought in September run to 1 September 2025 beside the renewal that covers them.
    expect(month.get('2025-03')).toMatchObject({ expansionMrr: 500, endMrr: 4300 });
    expect(month.get('2025-09')).toMatchObject({ contractionMrr: 500, endMrr: 1800 });
    // Cross Seller leaves in May, but its analytics keep it a customer until November.
    expect(month.get('2025-05')).toMatchObject({ contractionMrr: 2000, churnedMrr: 0, churnedCustomers: 0 });
    expect(month.get('2025-11')).toMatchObject({ churnedMrr: 300, churnedCustomers: 1 });
  }, 120_000);

  it('end them with the terms they were bought into with renewals.coTermAddOns', async () => {
    const { note, month } = await kpiReport({ renewals: { coTermAddOns: true } });
    expect(note).toBe(coTermed);
    expect(month.get('2025-03')).toMatchObject({ expansionMrr: 0, contractionMrr: 0, endMrr: 3800, nrr: 100 });
    expect(month.get('2025-05')).toMatchObject({ churnedMrr: 2300, churnedCustomers: 1, contractionMrr: 0 });
    for (const period of ['2025-09', '2025-11'])
      expect(month.get(period)).toMatchObject({ contractionMrr: 0, churnedMrr: 0, endMrr: 1500 });
  }, 120_000);
});

describe.each(databaseTargets)('the setting renewals.coTermAddOns on a synced portal ($name)', (target) => {
  const portal = syncedFixturePortal(target, fixturePath);
  const ends = () => portal.contracts((contract) => contract.endDate);
  const asSynced = {
    '6501': '2025-03-01',
    '6502': '2025-09-01',
    '6503': '2026-03-01',
    '6511': '2025-05-01',
    '6512': '2025-11-01',
  };

  it('co-terms the add-ons when turned on, and gives them their own terms back when turned off', async () => {
    expect(await ends()).toEqual(asSynced);
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(offTerm);
    const on = { renewals: { coTermAddOns: true } };
    expect(await changeSettings(portal.db, portal.portalId, 'kpi', on, 'test')).toMatchObject({
      stored: true,
      recomputeHealth: true,
    });
    expect(await ends()).toEqual({ ...asSynced, '6502': '2025-03-01', '6512': '2025-05-01' });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(coTermed);
    await changeSettings(portal.db, portal.portalId, 'kpi', { renewals: { coTermAddOns: false } }, 'test');
    expect(await ends()).toEqual(asSynced);
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(offTerm);
  });

  it('co-terms an add-on a webhook or an incremental sync brings in, and one whose term is renewed later', async () => {
    await changeSettings(portal.db, portal.portalId, 'kpi', { renewals: { coTermAddOns: true } }, 'test');
    const deal = (
      id: string,
      closedOn: string,
      amount: string,
      dealtype: string,
      stated: Record<string, string> = {},
    ) => ({
      id,
      properties: {
        dealname: `Seat Adder - ${id}`,
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: `${closedOn}T15:00:00Z`,
        amount,
        dealtype,
        ...stated,
      },
      associations: { companies: { results: [{ id: '4501', type: 'deal_to_company' }] } },
    });
    const bringIn = (deals: ReturnType<typeof deal>[]) =>
      portal.db.transaction(async (transaction) =>
        applyRecordChanges(transaction, portal.portalId, await loadContractSettings(transaction, portal.portalId), {
          deals,
        }),
      );
    // Seats bought during the renewed term end with it.
    await bringIn([deal('6504', '2025-06-01', '1200', 'existingbusiness')]);
    expect(await ends()).toMatchObject({ '6504': '2026-03-01' });
    // The renewal's deal now says its term runs two years: the add-ons bought into it follow.
    await bringIn([
      deal('6503', '2025-03-01', '36000', 'existingbusiness', { cs_deal_kind: 'renewal', cs_term_months: '24' }),
    ]);
    expect(await ends()).toMatchObject({ '6503': '2027-03-01', '6504': '2027-03-01' });
  });
});
