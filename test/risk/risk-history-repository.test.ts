import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { loadCompanyHistories, openRenewalDeals } from '../../src/db/repositories/risk-history-repository';
import {
  contracts,
  dealCompanies,
  deals,
  healthScores,
  onboardingMilestones,
  onboardingRecords,
  pipelineStages,
  portals,
  surveyResponses,
  usageDailyActiveUsers,
  usageDailyFeatures,
  usageSessions,
} from '../../src/db/schema';
import { renewalRecords } from '../../src/domain/renewals/renewal-records';
import { databaseTargets } from '../support/databases';

const portalId = 777;

describe.each(databaseTargets)('risk histories read from $name', (target) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await target.open();
    const { db } = database;
    await db.insert(portals).values({ id: portalId, timeZone: 'Asia/Tokyo' });
    await db.insert(contracts).values([
      {
        portalId,
        dealId: 'd1',
        companyId: 'c1',
        kind: 'new',
        product: 'core',
        mrrMinor: 10_000,
        startDate: '2025-01-01',
        endDate: '2026-01-01',
        closeDate: '2024-12-20',
        seats: 10,
      },
      {
        portalId,
        dealId: 'd2',
        companyId: 'c1',
        kind: 'downgrade',
        product: 'core',
        mrrMinor: 8_000,
        startDate: '2026-01-01',
        endDate: '2027-01-01',
        closeDate: '2025-12-10',
        seats: 8,
      },
      {
        portalId,
        dealId: 'd3',
        companyId: 'c2',
        kind: 'new',
        product: 'core',
        mrrMinor: 5_000,
        startDate: '2025-03-01',
        endDate: '2026-03-01',
        closeDate: null,
        seats: null,
      },
      {
        portalId: portalId + 1,
        dealId: 'other',
        companyId: 'c9',
        kind: 'new',
        product: 'core',
        mrrMinor: 1,
        startDate: '2025-01-01',
        endDate: '2026-01-01',
      },
    ]);
    await db.insert(usageDailyActiveUsers).values([
      { portalId, companyId: 'c1', day: '2025-06-02', userId: 'u2', eventCount: 3 },
      { portalId, companyId: 'c1', day: '2025-06-02', userId: 'u1', eventCount: 1 },
    ]);
    await db
      .insert(usageDailyFeatures)
      .values([{ portalId, companyId: 'c1', day: '2025-06-03', feature: 'reports', eventCount: 2 }]);
    await db.insert(usageSessions).values({
      portalId,
      companyId: 'c1',
      userId: 'u1',
      sessionKey: 's',
      startedAt: new Date('2025-06-02T01:00:00Z'),
      startDay: '2025-06-02',
      lengthMilliseconds: 90_000,
      lastEventAt: new Date('2025-06-02T01:01:30Z'),
      activeUntil: new Date('2025-06-02T01:31:30Z'),
      eventCount: 2,
    });
    // 20:00 UTC on the 1st is already the 2nd in Tokyo.
    await db.insert(surveyResponses).values({
      portalId,
      id: 's1',
      companyId: 'c1',
      kind: 'nps',
      score: 4,
      submittedAt: new Date('2025-07-01T20:00:00Z'),
    });
    await db
      .insert(onboardingRecords)
      .values({ portalId, companyId: 'c1', handoffDate: '2025-01-02', touchModel: 'low_touch' });
    await db.insert(onboardingMilestones).values([
      {
        portalId,
        companyId: 'c1',
        key: 'kickoff',
        label: 'Kickoff held',
        position: 0,
        dueDate: '2025-01-16',
        doneAt: '2025-01-15T23:30:00Z',
      },
      {
        portalId,
        companyId: 'c1',
        key: 'admin',
        label: 'Admin configured',
        position: 1,
        dueDate: '2025-02-01',
        required: false,
      },
    ]);
    await db.insert(pipelineStages).values([
      {
        portalId,
        objectType: 'deals',
        pipelineId: 'renewals',
        pipelineLabel: 'Renewals',
        id: 'negotiation',
        label: 'Negotiation',
      },
      {
        portalId,
        objectType: 'deals',
        pipelineId: 'renewals',
        pipelineLabel: 'Renewals',
        id: 'won',
        label: 'Renewed',
        isClosed: true,
        probability: '1.0',
        isClosedWon: true,
      },
    ]);
    const renewalDeal = (id: string, stageId: string, fields: { primaryCompanyId?: string; kind?: string }) => ({
      portalId,
      id,
      name: `Renewal ${id}`,
      pipelineId: 'renewals',
      stageId,
      closeDate: new Date('2026-12-20T23:00:00Z'),
      primaryCompanyId: fields.primaryCompanyId ?? null,
      properties: { cs_deal_kind: fields.kind ?? 'renewal' },
    });
    await db
      .insert(deals)
      .values([
        renewalDeal('r-open', 'negotiation', { primaryCompanyId: 'c1' }),
        renewalDeal('r-won', 'won', { primaryCompanyId: 'c1' }),
        renewalDeal('upsell-open', 'negotiation', { primaryCompanyId: 'c1', kind: 'upsell' }),
        renewalDeal('r-no-primary', 'negotiation', {}),
      ]);
    await db
      .insert(dealCompanies)
      .values([{ portalId, dealId: 'r-no-primary', companyId: 'c2', isPrimary: false, position: 0 }]);
    await db
      .insert(healthScores)
      .values({ portalId, companyId: 'c1', scoreDate: '2025-09-01', score: 41, band: 'yellow', explanation: {} });
  });
  afterAll(async () => database.close());

  it('reads each company history with dates in the portal time zone', async () => {
    const histories = await loadCompanyHistories(database.db, portalId);
    expect(histories.map((history) => history.companyId)).toEqual(['c1', 'c2']);
    const [first, second] = histories;
    expect(
      first?.contracts.map((contract) => [contract.dealId, contract.kind, contract.mrrMinor, contract.closeDate]),
    ).toEqual([
      ['d1', 'new', 10_000, '2024-12-20'],
      ['d2', 'downgrade', 8_000, '2025-12-10'],
    ]);
    expect(first?.usageDays).toEqual([
      { day: '2025-06-02', users: ['u1', 'u2'], features: [], sessionMinutes: 1.5 },
      { day: '2025-06-03', users: [], features: ['reports'], sessionMinutes: 0 },
    ]);
    expect(first?.surveys).toEqual([{ kind: 'nps', score: 4, submittedOn: '2025-07-02' }]);
    expect(first?.handoffDate).toBe('2025-01-02');
    expect(first?.milestones).toEqual([
      { dueDate: '2025-01-16', doneOn: '2025-01-16', required: true },
      { dueDate: '2025-02-01', doneOn: null, required: false },
    ]);
    expect(first?.healthScores).toEqual([{ day: '2025-09-01', score: 41 }]);
    expect(second?.contracts[0]).toMatchObject({ dealId: 'd3', closeDate: '2025-03-01', seats: null });
  });

  it('gives the renewal records of the stored contracts', async () => {
    const histories = await loadCompanyHistories(database.db, portalId);
    const records = renewalRecords(
      histories.flatMap((history) => history.contracts),
      '2026-04-15',
    );
    expect(records.map((record) => [record.companyId, record.renewalDate, record.amountMinor, record.outcome])).toEqual(
      [
        ['c1', '2026-01-01', 10_000, 'contracted'],
        ['c2', '2026-03-01', 5_000, 'churned'],
        ['c1', '2027-01-01', 8_000, 'pending'],
      ],
    );
  });

  it('finds the open renewal deals by their company, in the portal time zone', async () => {
    expect(await openRenewalDeals(database.db, portalId)).toEqual([
      {
        companyId: 'c2',
        dealId: 'r-no-primary',
        name: 'Renewal r-no-primary',
        stage: 'Negotiation',
        expectedCloseDate: '2026-12-21',
      },
      {
        companyId: 'c1',
        dealId: 'r-open',
        name: 'Renewal r-open',
        stage: 'Negotiation',
        expectedCloseDate: '2026-12-21',
      },
    ]);
  });
});
