import type { Database } from '../../src/db/client';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { listOnboardingMilestones } from '../../src/db/repositories/manager-portfolio-repository';
import { onboardingCompletedOn, trackedFromHandoff } from '../../src/domain/lifecycle/onboarding';
import { onboardingRecordsByCompany } from '../../src/services/manager/onboarding-overview';
import type { PortalDetails } from '../../src/db/repositories/portals-repository';
import type { Contract } from '../../src/domain/contracts/contract-schema';
import type { KpiInput } from '../../src/domain/kpi/kpi-input';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import { seedFixtureRecords } from '../support/seed-fixture';

/** A fixture's CRM records as the CLI's full sync leaves them, seeded directly (no usage or surveys). */
export async function seedPortfolio(db: Database, fixture: Fixture): Promise<PortalDetails> {
  return seedFixtureRecords(db, fixture);
}

/** Loads a fixture as the CLI leaves it: its CRM records as the full sync leaves them, then usage and surveys. */
export async function loadPortfolio(db: Database, fixture: Fixture): Promise<PortalDetails> {
  const portal = await seedPortfolio(db, fixture);
  await loadFixtureActivity(db, fixture);
  return portal;
}

/** The domain functions' input over the same data: the synced contracts and the fixture's activity. */
export async function domainInput(
  db: Database,
  portalId: number,
  fixture: Fixture,
  asOfDate = '2026-11-01',
): Promise<KpiInput> {
  const contracts: Contract[] = (await listContracts(db, portalId)).map((row) => {
    if (row.closeDate === null) throw new Error(`contract ${row.dealId} has no close date`);
    return {
      dealId: row.dealId,
      companyId: row.companyId,
      kind: row.kind as Contract['kind'],
      product: row.product,
      mrrMinor: row.mrrMinor,
      startDate: row.startDate,
      endDate: row.endDate,
      seats: row.seats,
      closeDate: row.closeDate,
    };
  });
  const milestones = await listOnboardingMilestones(db, portalId, fixture.portal.timeZone);
  const records = onboardingRecordsByCompany(milestones);
  return {
    companies: fixture.companies.map((company) => ({
      id: company.id,
      ownerId: company.properties.hubspot_owner_id ?? null,
      industry: company.properties.industry ?? null,
      tier: company.properties.cs_tier ?? null,
      lifecycleStage: company.properties.lifecyclestage ?? null,
    })),
    contracts,
    usageEvents: fixture.usageEvents.map((event) => ({
      companyId: event.companyId,
      userId: event.userId,
      timestamp: event.timestamp,
      sessionId: event.sessionId ?? null,
      durationSeconds: event.durationSeconds ?? null,
    })),
    surveyResponses: fixture.surveys.map((survey) => ({
      companyId: survey.companyId,
      kind: survey.kind,
      score: survey.score,
      submittedAt: survey.submittedAt,
    })),
    // Completion as the lifecycle domain reads the milestones (§4), never before the hand-off.
    onboardings: [...records].map(([companyId, record]) => {
      const completedOn = onboardingCompletedOn(record, asOfDate);
      return {
        companyId,
        startedOn: record.handoffDate,
        completedOn: completedOn !== null && completedOn < record.handoffDate ? record.handoffDate : completedOn,
        trackedFromHandoff: trackedFromHandoff(record),
      };
    }),
    asOfDate,
    coreProductId: 'core',
  };
}
