import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { loadWriteBackInputs } from '../../src/db/repositories/writeback-repository';
import { companyRisks, riskModels } from '../../src/db/schema';
import { suggestionSettingsSchema } from '../../src/domain/suggestions/suggestion-settings';
import { addDays } from '../../src/domain/time/calendar-date';
import { companyHealthCardPayloadSchema } from '../../extensions/app/cards/shared/card-payload';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { loadCompanyCard } from '../../src/services/card/company-card-service';
import { predictorFor, refreshPortalRisk } from '../../src/services/risk/risk-model-store';
import { changeSettings } from '../../src/services/settings/settings-service';
import { computeWriteBackValues } from '../../src/services/writeback/company-values';
import { databaseTargets } from '../support/databases';
import { seedChurnPortfolio } from '../support/risk-seed';

const asOf = '2026-11-01';
const portalId = 611;

describe.each(databaseTargets)('stored churn-risk model on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await seedChurnPortfolio(handle, portalId, 150, asOf);
  }, 120_000);
  afterAll(async () => handle.close());

  const storedModel = async () =>
    (await handle.db.select().from(riskModels).where(eq(riskModels.portalId, portalId)))[0];

  it('a read before the first refresh trains in memory and stores nothing', async () => {
    const unstored = await predictorFor(handle.db, portalId, asOf);
    expect(unstored.predictor.method).toBe('model');
    expect(await storedModel()).toBeUndefined();
  }, 120_000);

  it('the refresh trains and stores the model with its window and backtest; reads answer from it until it is due', async () => {
    expect((await refreshPortalRisk(handle.db, portalId, asOf)).retrained).toBe(true);
    const stored = await storedModel();
    const first = await predictorFor(handle.db, portalId, asOf);
    expect(stored).toMatchObject({ asOf, method: 'model', trainingExamples: first.trainingExamples });
    expect(stored?.trainingFirstRenewal).not.toBeNull();
    expect(stored?.trainingLastRenewal && stored.trainingLastRenewal <= asOf).toBe(true);

    const again = await predictorFor(handle.db, portalId, addDays(asOf, 3));
    expect(again.trainedAt).toBe(first.trainedAt);
    expect(again.predictor).toEqual(first.predictor);

    const due = await predictorFor(handle.db, portalId, addDays(asOf, 7));
    expect(due.asOf).toBe(addDays(asOf, 7));
    expect((await storedModel())?.asOf).toBe(asOf);
    expect((await refreshPortalRisk(handle.db, portalId, addDays(asOf, 7))).retrained).toBe(true);
    expect((await storedModel())?.asOf).toBe(addDays(asOf, 7));
  }, 120_000);

  it('a question about an earlier day is answered by a model trained then, and leaves the stored one alone', async () => {
    const before = await storedModel();
    const past = await predictorFor(handle.db, portalId, '2026-06-01');
    expect(past.asOf).toBe('2026-06-01');
    expect(past.trainingWindow.lastRenewal === null || past.trainingWindow.lastRenewal <= '2026-06-01').toBe(true);
    expect(await storedModel()).toEqual(before);
  }, 120_000);

  it('a change of the risk settings retrains on the next refresh', async () => {
    const before = await storedModel();
    const today = before?.asOf ?? asOf;
    expect((await refreshPortalRisk(handle.db, portalId, today)).retrained).toBe(false);
    await changeSettings(handle.db, portalId, 'risk', { backtest: { l2: 3 } }, 'test');
    const refreshed = await refreshPortalRisk(handle.db, portalId, today);
    expect(refreshed.retrained).toBe(true);
    expect((await storedModel())?.settingsFingerprint).not.toBe(before?.settingsFingerprint);
  }, 120_000);

  it('stores every company risk and writes it back as cs_renewal_risk and cs_next_renewal_date', async () => {
    const today = (await storedModel())?.asOf ?? asOf;
    const refreshed = await refreshPortalRisk(handle.db, portalId, today);
    const risks = await handle.db.select().from(companyRisks).where(eq(companyRisks.portalId, portalId));
    expect(risks).toHaveLength(refreshed.companies);
    expect(risks.every((risk) => risk.asOf === today && risk.churnProbability !== null)).toBe(true);

    const withRenewal = risks.find((risk) => risk.nextRenewalDate !== null);
    expect(withRenewal).toBeDefined();
    const [inputs] = await loadWriteBackInputs(handle.db, portalId, today, [withRenewal?.companyId ?? '']);
    expect(inputs).toBeDefined();
    if (inputs === undefined || withRenewal === undefined) return;
    const values = computeWriteBackValues(inputs, {
      asOf: today,
      minorUnitDigits: 2,
      csmTeam: new Set(),
      dismissals: new Map(),
      suggestionSettings: suggestionSettingsSchema.parse({}),
    });
    expect(values.cs_renewal_risk).toBe(String(Number(((withRenewal.churnProbability ?? 0) * 100).toFixed(1))));
    expect(values.cs_next_renewal_date).toBe(withRenewal.nextRenewalDate);
  }, 120_000);

  it("the card's renewal section shows the stored risk with its drivers", async () => {
    const today = (await storedModel())?.asOf ?? asOf;
    const risks = await handle.db.select().from(companyRisks).where(eq(companyRisks.portalId, portalId));
    const portal = await findPortal(handle.db, portalId);
    if (portal === undefined) throw new Error('the portal is seeded');
    const scored = risks.find((risk) => risk.nextRenewalDate !== null && risk.churnProbability !== null);
    if (scored === undefined) throw new Error('a company with a renewal is scored');
    const card = companyHealthCardPayloadSchema.parse(
      await loadCompanyCard({ db: handle.db, portal, companyId: scored.companyId, asOf: today }),
    );
    expect(card.renewal?.risk).toMatchObject({
      method: 'model',
      asOf: today,
      churnPercent: Math.round((scored.churnProbability ?? 0) * 1000) / 10,
    });
    expect(card.renewal?.risk?.drivers.length).toBeGreaterThan(0);
    expect(card.renewal?.amountUp.amountMinor).toBeGreaterThan(0);
  }, 120_000);
});
