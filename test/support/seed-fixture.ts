import type { Database } from '../../src/db/client';
import { replaceContractsForDeals, type ContractRow } from '../../src/db/repositories/contracts-repository';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceDealCompanies, upsertDeals } from '../../src/db/repositories/deals-repository';
import { replaceExchangeRates } from '../../src/db/repositories/exchange-rates-repository';
import { upsertOwners, type OwnerRow } from '../../src/db/repositories/owners-repository';
import { replacePipelineStages } from '../../src/db/repositories/pipelines-repository';
import { dealPipelineStageRows } from '../../src/hubspot/sync/pipelines-sync';
import { refreshPlannerStatistics } from '../../src/db/repositories/planner-statistics-repository';
import { upsertPortal, type PortalDetails } from '../../src/db/repositories/portals-repository';
import {
  advanceSyncCursor,
  finishSyncState,
  resetSyncStates,
  startSyncState,
} from '../../src/db/repositories/sync-state-repository';
import { dealToContract } from '../../src/domain/contracts/deal-to-contract';
import {
  companyProperties,
  dealProperties,
  hubspotObjectSchema,
  toCompanyRow,
  toDealRecord,
} from '../../src/hubspot/sync/record-mapping';
import { seedDemoOnboarding } from '../../src/services/customer-success/demo-onboarding';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { loadFixture } from '../../src/sandbox/load-fixture';
import { objectView } from '../../src/sandbox/object-view';
import { compareIds } from '../../src/sandbox/page-cursor';
import { SandboxStore } from '../../src/sandbox/store';
import { loadContractSettings } from '../../src/services/sync/contract-settings';
import { dealsStep } from '../../src/services/sync/sync-steps';

/**
 * Writes a fixture's portal, owners, deal pipelines, exchange rates, companies, deals, deal-company links,
 * contracts, company MRR and sync states straight into the database, as a first full sync of the fixture leaves
 * them (test/support/seed-fixture.test.ts compares the two table by table). No server, no HTTP and no sync use
 * case: HubSpot's view of each record (its value formats, default pipeline, instants) comes from the sandbox's
 * in-memory store, mapped by the product's own record mapping and written through the repositories the sync uses.
 */
export async function seedFixtureRecords(db: Database, fixture: Fixture): Promise<PortalDetails> {
  const store = new SandboxStore();
  loadFixture(store, fixture);
  const portalId = store.portal.id;
  // account-info v3 as the sandbox answers it: fetchPortalDetails finds no name there.
  const portal: PortalDetails = {
    id: portalId,
    timeZone: store.portal.timeZone,
    currency: store.portal.currency,
    name: null,
  };
  await upsertPortal(db, portal);
  await resetSyncStates(db, portalId);

  const owners: OwnerRow[] = store.owners
    .filter((owner) => !owner.archived)
    .sort((left, right) => compareIds(left.id, right.id))
    .map((owner) => ({
      portalId,
      id: owner.id,
      email: owner.email,
      firstName: owner.firstName,
      lastName: owner.lastName,
      userId: owner.userId ?? null,
      teams: (owner.teams ?? []).map((team) => ({ id: team.id, name: team.name, primary: team.primary })),
      archived: owner.archived,
      hubspotUpdatedAt: new Date(owner.updatedAt),
    }));
  await completeStep(db, portalId, 'owners', owners.length, () => upsertOwners(db, owners));

  // The pipelines API's view of the store's pipelines: a stage without a display order is shown in its position.
  const stages = dealPipelineStageRows(
    portalId,
    store.dealPipelines.map((pipeline) => ({
      ...pipeline,
      stages: pipeline.stages.map((stage, index) => ({ ...stage, displayOrder: stage.displayOrder ?? index })),
    })),
  );
  const rates = (store.portal.additionalCurrencies ?? []).flatMap((currency) =>
    currency.exchangeRates.map((rate, index) => ({
      portalId,
      fromCurrency: currency.code,
      effectiveAt: new Date(rate.effectiveAt).toISOString(),
      rate: rate.conversionRate.toFixed(6).replace(/\.?0+$/, ''),
      hubspotId: `${currency.code}-${index + 1}`,
    })),
  );
  await completeStep(db, portalId, 'pipelines', stages.length, async () => {
    await replacePipelineStages(db, portalId, 'deals', stages);
    await replaceExchangeRates(db, portalId, rates);
  });

  const companyRows = store.objects
    .list('companies')
    .map((company) =>
      toCompanyRow(portalId, hubspotObjectSchema.parse(objectView(store, company, { properties: companyProperties }))),
    );
  await completeStep(db, portalId, 'companies', companyRows.length, () => upsertCompanies(db, companyRows));

  const settings = await loadContractSettings(db, portalId);
  const deals = store.objects
    .list('deals')
    .map((deal) =>
      toDealRecord(
        portalId,
        hubspotObjectSchema.parse(objectView(store, deal, { properties: dealProperties, associations: ['companies'] })),
      ),
    );
  const dealIds = deals.map((deal) => deal.row.id);
  const contracts = deals.flatMap((deal): ContractRow[] => {
    const result = dealToContract(
      { id: deal.row.id, properties: deal.properties, companyIds: deal.companyIds },
      settings,
    );
    return result.isContract ? [{ portalId, ...result.contract }] : [];
  });
  // A portal's first sync hands off no deal (no closed-won transition is recorded), as in the sync.
  await completeStep(db, portalId, 'deals', deals.length, async () => {
    await upsertDeals(
      db,
      deals.map((deal) => deal.row),
    );
    await replaceDealCompanies(
      db,
      portalId,
      dealIds,
      deals.flatMap((deal) => deal.links),
    );
    await replaceContractsForDeals(db, portalId, dealIds, contracts, { deferCompanyMrr: true });
    // What the sync does once every deal is in: the renewal rule's pass and the companies' MRR.
    await dealsStep.complete?.(db, portalId);
  });
  await refreshPlannerStatistics(db);
  return portal;
}

async function completeStep(
  db: Database,
  portalId: number,
  objectType: string,
  records: number,
  write: () => Promise<void>,
): Promise<void> {
  await startSyncState(db, portalId, objectType);
  await write();
  await advanceSyncCursor(db, portalId, objectType, null, records);
  await finishSyncState(db, portalId, objectType, 'complete');
}

/**
 * `syncFixture` without the sandbox server and the sync: the fixture's records seeded directly, its usage and
 * surveys loaded, onboarding opened on `onboardingDay` and health scored on each of `scoreDays` in order.
 */
export async function seedFixtureDirect(
  db: Database,
  fixture: Fixture,
  onboardingDay: string,
  scoreDays: readonly string[],
): Promise<void> {
  await seedFixtureRecords(db, fixture);
  await loadFixtureActivity(db, fixture);
  await seedDemoOnboarding(db, fixture.portal.id, onboardingDay);
  for (const day of scoreDays) await recomputeHealth(db, fixture.portal.id, day);
}
