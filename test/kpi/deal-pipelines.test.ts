import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renewalsNoteOf } from '../../src/services/kpi/renewals-note-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { databaseTargets } from '../support/databases';
import { fixtureKpiReports, syncedFixturePortal } from '../support/fixture-kpi-report';

// A portal that works its renewals in a "Renewals" pipeline and sets no deal type on them, nor any of the app's deal
// properties. Pipeline Renewer renews on 10 February 2025 for a term ending on 1 March; Price Rise on 20 April 2025,
// at 600 a month instead of 500, for a term ending on 1 May.
const fixturePath = path.resolve(import.meta.dirname, '../fixtures/renewal-pipeline.json');
const months = { from: '2025-01', to: '2025-05', asOf: '2026-11-15' };
const unread =
  '2 closed-won deals of pipelines other than the default ("Renewals": 2) state neither cs_deal_kind nor a deal type and count as new business. Say what a pipeline\'s deals are with the KPI setting dealPipelines, e.g. {"dealPipelines":{"Renewals":"renewal"}}.';

describe('renewals in a pipeline of their own in the KPI report', () => {
  const kpiReport = fixtureKpiReports(fixturePath, months);

  it('counts them as new business beside the terms they renew, and names the pipeline', async () => {
    const { note, month } = await kpiReport();
    expect(note).toBe(unread);
    expect(month.get('2025-02')).toMatchObject({ expansionMrr: 1000, endMrr: 2500 });
    expect(month.get('2025-03')).toMatchObject({ contractionMrr: 1000, endMrr: 1500 });
  }, 120_000);

  it('reads the pipeline by its label, whatever its case, and has its renewals follow on with renewals.followOn', async () => {
    const { note, month } = await kpiReport({ dealPipelines: { renewals: 'renewal' }, renewals: { followOn: true } });
    expect(note).toBe(
      '2 renewals (2 without cs_contract_start) continue the terms they renew (KPI setting renewals.followOn).',
    );
    for (const period of ['2025-02', '2025-03', '2025-04'])
      expect(month.get(period)).toMatchObject({ expansionMrr: 0, contractionMrr: 0, nrr: 100 });
    // The renewal's higher price is the only movement: on 1 May, when its term starts.
    expect(month.get('2025-05')).toMatchObject({ expansionMrr: 100, contractionMrr: 0, endMrr: 1600 });
  }, 120_000);
});

describe.each(databaseTargets)('the setting dealPipelines on a synced portal ($name)', (target) => {
  const portal = syncedFixturePortal(target, fixturePath);
  const kinds = () => portal.contracts((contract) => contract.kind);

  it('derives the contracts of a pipeline it names (by id too) again when it changes, and the note follows', async () => {
    expect(await kinds()).toEqual({ '6401': 'new', '6402': 'new', '6411': 'new', '6412': 'new' });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(unread);
    const byId = { dealPipelines: { '7001': 'renewal' } };
    expect(await changeSettings(portal.db, portal.portalId, 'kpi', byId, 'test')).toMatchObject({
      stored: true,
      recomputeHealth: true,
    });
    expect(await kinds()).toEqual({ '6401': 'new', '6402': 'renewal', '6411': 'new', '6412': 'renewal' });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toMatch(/^2 renewals without cs_contract_start/);
  });

  it('reads no deal by a name that is no pipeline of the portal, and puts them back', async () => {
    await changeSettings(portal.db, portal.portalId, 'kpi', { dealPipelines: { Renewels: 'renewal' } }, 'test');
    expect(await kinds()).toEqual({ '6401': 'new', '6402': 'new', '6411': 'new', '6412': 'new' });
    expect(await renewalsNoteOf(portal.db, portal.portalId)).toBe(
      `${unread} The KPI setting dealPipelines names "Renewels", which is no deal pipeline of the portal, so it reads no deal by it (the portal's pipelines: "Renewals", "Sales Pipeline").`,
    );
  });
});
