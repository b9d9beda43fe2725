import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRenewalCheck } from '../../src/db/repositories/renewal-checks-repository';
import { renewalsNoteOf } from '../../src/services/kpi/renewals-note-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { applyRecordChanges } from '../../src/services/sync/apply-records';
import { loadContractSettings } from '../../src/services/sync/contract-settings';
import { recountRenewalsWhenStale } from '../../src/services/sync/renewal-rule';
import { databaseTargets } from '../support/databases';
import { fixtureKpiReports, oneAddOnOffTerm, syncedFixturePortal } from '../support/fixture-kpi-report';

// A portal that added its own options to HubSpot's deal type, "Renewal" and "Upsell", and sets none of the app's deal
// properties. Seat Buyer bought 10 seats in November 2024; the renewals closed weeks before their terms end.
const fixturePath = path.resolve(import.meta.dirname, '../fixtures/renewal-deal-types.json');
const asOf = '2026-11-15';
const readTypes = { dealTypes: { Renewal: 'renewal', Upsell: 'upsell' } };
const unknownTypes =
  '3 closed-won deals have a deal type other than New business and Existing business ("Renewal": 2, "Upsell": 1) and count as new business. Say what each type is with the KPI setting dealTypes, e.g. {"dealTypes":{"Renewal":"renewal"}}, or set cs_deal_kind on the deals in HubSpot.';

const months = { from: '2024-10', to: '2025-03', asOf };
// With "Upsell" read as upsell: the 10 seats run their own 12 months past the term they were bought into.
const afterUpsellsRead = `${oneAddOnOffTerm} ${unknownTypes.replace('3 closed-won deals', '2 closed-won deals').replace(', "Upsell": 1', '')}`;

describe("a portal's own deal types in the KPI report", () => {
  const kpiReport = fixtureKpiReports(fixturePath, months);

  it('counts deals of a type nobody said what it is as new business, and names those types', async () => {
    const { note, month } = await kpiReport();
    expect(note).toBe(unknownTypes);
    // The 10 seats are no upsell; the renewal closed on 20 December runs beside the term ending on 15 January.
    expect(month.get('2024-11')).toMatchObject({ upsellCustomers: 0, upsellMrr: 0, expansionMrr: 100 });
    expect(month.get('2024-12')).toMatchObject({ expansionMrr: 2000 });
    expect(month.get('2025-01')).toMatchObject({ contractionMrr: 2000 });
  }, 120_000);

  it('reads them as the setting says: the seats an upsell, the renewals renewals (beside their terms by the page)', async () => {
    const { note, month } = await kpiReport(readTypes);
    expect(note).toMatch(/^2 renewals without cs_contract_start start on their close date/);
    expect(month.get('2024-11')).toMatchObject({ upsellCustomers: 1, upsellMrr: 100, expansionMrr: 100 });
    expect(month.get('2024-12')?.upsellCustomers).toBe(0);
    expect(month.get('2024-12')?.expansionMrr).toBe(2000);
  }, 120_000);

  it('has those renewals continue their terms with renewals.followOn too: only the seats move MRR', async () => {
    const { note, month } = await kpiReport({ ...readTypes, renewals: { followOn: true } });
    // The 10 seats, an upsell now, run their own 12 months past the term they were bought into.
    expect(note).toBe(
      `2 renewals (2 without cs_contract_start) continue the terms they renew (KPI setting renewals.followOn). ${oneAddOnOffTerm}`,
    );
    for (const period of ['2024-12', '2025-01', '2025-02', '2025-03'])
      expect(month.get(period)).toMatchObject({ expansionMrr: 0, contractionMrr: 0, nrr: 100 });
  }, 120_000);
});

describe.each(databaseTargets)('the setting dealTypes on a synced portal ($name)', (target) => {
  const portal = syncedFixturePortal(target, fixturePath);
  const kinds = () => portal.contracts((contract) => contract.kind);

  it('derives the contracts of those types again when it changes, and the note follows', async () => {
    expect(await kinds()).toEqual({
      '6301': 'new',
      '6302': 'new',
      '6311': 'new',
      '6312': 'new',
      '6321': 'new',
      '6322': 'new',
    });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(unknownTypes);
    const changed = await changeSettings(portal.db, portal.portalId, 'kpi', readTypes, 'test');
    expect(changed).toMatchObject({ stored: true, recomputeHealth: true });
    expect(await kinds()).toMatchObject({ '6302': 'renewal', '6312': 'upsell', '6322': 'renewal', '6321': 'new' });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toMatch(/^2 renewals without cs_contract_start/);
  });

  it('refuses a kind it does not know, naming the field, and changes nothing', async () => {
    const refused = await changeSettings(
      portal.db,
      portal.portalId,
      'kpi',
      { dealTypes: { Renewal: 'expansion' } },
      'test',
    );
    expect(refused.stored).toBe(false);
    if (!refused.stored) expect(refused.problems.map((problem) => problem.field)).toEqual(['dealTypes.Renewal']);
    expect((await kinds())['6302']).toBe('renewal');
  });

  it('puts them back to new business when the portal no longer says what they are', async () => {
    await changeSettings(portal.db, portal.portalId, 'kpi', { dealTypes: { Upsell: 'upsell' } }, 'test');
    expect(await kinds()).toMatchObject({ '6302': 'new', '6312': 'upsell', '6322': 'new' });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(afterUpsellsRead);
  });

  it('counts again, at most hourly, once the team fixes deals in HubSpot: the note follows without a full sync', async () => {
    // One renewal is now recorded as Existing business, as an incremental sync or a webhook brings it in.
    const fixed = {
      id: '6302',
      properties: {
        dealname: 'Typed Renewer - renewal 2025',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: '2025-02-10T15:00:00Z',
        amount: '12000',
        dealtype: 'existingbusiness',
      },
      associations: { companies: { results: [{ id: '4301', type: 'deal_to_company' }] } },
    };
    await portal.db.transaction(async (transaction) =>
      applyRecordChanges(transaction, portal.portalId, await loadContractSettings(transaction, portal.portalId), {
        deals: [fixed],
      }),
    );
    const stale = await renewalsNoteOf(portal.db, portal.portalId);
    expect(stale).toBe(afterUpsellsRead);
    const check = await findRenewalCheck(portal.db, portal.portalId);
    const checkedAt = new Date(check?.checkedAt ?? 0).getTime();
    expect(await recountRenewalsWhenStale(portal.db, portal.portalId, new Date(checkedAt + 30 * 60_000))).toBe(false);
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(stale);
    const contractsBefore = await portal.contracts((contract) => contract);
    expect(await recountRenewalsWhenStale(portal.db, portal.portalId, new Date(checkedAt + 61 * 60_000))).toBe(true);
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toMatch(
      /^1 deal recorded as Existing business .* counts as an upsell\. .* 1 upsell or cross-sell bought during a running term .* 1 closed-won deal has a deal type .*\("Renewal": 1\)/,
    );
    // A count beside the sync writes no contract.
    expect(await portal.contracts((contract) => contract)).toEqual(contractsBefore);
  });
});
