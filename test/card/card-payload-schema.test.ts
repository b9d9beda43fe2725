import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import { companyHealthCardPayloadSchema } from '../../extensions/app/cards/shared/card-payload';
import type { DatabaseHandle } from '../../src/db/client';
import { recordCardAction } from '../../src/db/repositories/card-actions-repository';
import { findPortal, type Portal } from '../../src/db/repositories/portals-repository';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { cardDays, loadCompanyCard } from '../../src/services/card/company-card-service';
import { companySuccessService } from '../../src/services/card/customer-success-adapter';
import { loadCardRows } from '../../src/db/repositories/company-card-repository';
import { insertDismissal } from '../../src/db/repositories/customer-success-dismissals-repository';
import { loadCompanySuccess, setManualStage } from '../../src/services/customer-success/company-success';
import { seedDemoOnboarding } from '../../src/services/customer-success/demo-onboarding';
import { customerSuccessSettingsFor } from '../../src/services/customer-success/customer-success-settings';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { seedFixtureRecords } from '../support/seed-fixture';

// The card service does not parse its own payload on every request: this proves, over a whole demo
// portfolio (every stage, band, suggestion kind, a manual stage, a dismissal, a created deal), that the
// payload always satisfies the schema the card parses it with, and that parsing would change nothing.
const asOf = '2026-10-31';
const fixture = generateDemoPortfolio({ asOf: '2026-11-01', companies: 80 });

describe.each(databaseTargets)('card payloads of a demo portfolio on $name', (target) => {
  let handle: DatabaseHandle;
  let portal: Portal;

  beforeAll(async () => {
    handle = await target.open();
    await seedFixtureRecords(handle.db, fixture);
    await loadFixtureActivity(handle.db, fixture);
    await seedDemoOnboarding(handle.db, fixture.portal.id, asOf);
    await recomputeHealth(handle.db, fixture.portal.id, asOf);
    const found = await findPortal(handle.db, fixture.portal.id);
    if (!found) throw new Error('the demo portal was not seeded');
    portal = found;
  }, 180_000);
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });

  it('always satisfies the card payload schema, unchanged by parsing', async () => {
    const load = (companyId: string) =>
      loadCompanyCard({ db: handle.db, portal, companyId, asOf, success: companySuccessService });
    const first = await Promise.all(fixture.companies.map((company) => load(company.id)));
    const withSuggestion = first.find((card) => card.suggestions.items.length > 1);
    const withOnboarding = first.find((card) => card.onboarding !== null);
    if (!withSuggestion || !withOnboarding)
      throw new Error('the demo portfolio should have suggestions and onboarding');
    const [dismissed, created] = withSuggestion.suggestions.items;
    if (!dismissed || !created) throw new Error('two suggestions expected');
    const [kind, product] = dismissed.id.split(':');
    if ((kind !== 'seat_expansion' && kind !== 'plan_upgrade' && kind !== 'cross_sell') || !product)
      throw new Error(`unexpected suggestion id ${dismissed.id}`);
    const dismissal = {
      portalId: portal.id,
      companyId: withSuggestion.company.id,
      kind,
      product,
      reason: 'Not now',
      dismissedBy: 'csm@example.com',
    } as const;
    await insertDismissal(handle.db, { ...dismissal, dismissedAt: '2026-10-30T12:00:00.000Z' });
    await recordCardAction(handle.db, {
      portalId: portal.id,
      companyId: withSuggestion.company.id,
      action: 'create_suggested_deal',
      subject: created.id,
      actor: 'csm@example.com',
      resultId: '777',
    });
    await setManualStage(handle.db, portal.id, withOnboarding.company.id, 'adoption', 'csm@example.com');

    const cards = await Promise.all(fixture.companies.map((company) => load(company.id)));
    for (const card of cards)
      expect(JSON.stringify(companyHealthCardPayloadSchema.parse(card))).toBe(JSON.stringify(card));
    const changed = cards.find((card) => card.company.id === withSuggestion.company.id);
    expect(changed?.suggestions.items.map((item) => [item.id, item.createdDealId])).toContainEqual([created.id, '777']);
    expect(changed?.suggestions.items.map((item) => item.id)).not.toContain(dismissed.id);
    expect(cards.find((card) => card.company.id === withOnboarding.company.id)?.onboarding?.stageSource).toBe('manual');
    expect(new Set(cards.map((card) => card.health?.band ?? 'none')).size).toBeGreaterThan(2);
    // The demo's parent companies (synced from the sandbox's parent associations) show their Subsidiaries section.
    const parents = new Set(fixture.companies.flatMap((company) => company.properties.hs_parent_company_id ?? []));
    expect(parents.size).toBeGreaterThan(0);
    const withSubsidiaries = cards.filter((card) => card.subsidiaries !== undefined);
    expect(withSubsidiaries.map((card) => card.company.id).sort()).toEqual([...parents].sort());
  });

  it('reads onboarding, health and suggestions in its one statement exactly as the customer-success service does', async () => {
    for (const company of fixture.companies) {
      const companyId = company.id;
      const rows = await loadCardRows(handle.db, portal.id, companyId, cardDays(asOf));
      expect(
        companySuccessService.fromRows(
          { ...rows, portal },
          companyId,
          asOf,
          await customerSuccessSettingsFor(handle.db, portal.id),
        ),
      ).toEqual(await loadCompanySuccess(handle.db, portal.id, companyId, asOf));
    }
  });

  it("names the company's CSM: its owner, or the CSM assigned at hand-off when sales kept the company", async () => {
    const load = (companyId: string) =>
      loadCompanyCard({ db: handle.db, portal, companyId, asOf, success: companySuccessService });
    const cards = await Promise.all(fixture.companies.map((company) => load(company.id)));
    const onboarded = cards.find((card) => card.onboarding !== null);
    if (!onboarded) throw new Error('the demo has onboarded customers');
    const ownerOf = fixture.companies.find((company) => company.id === onboarded.company.id)?.properties
      .hubspot_owner_id;
    const named = fixture.owners.find((candidate) => candidate.id === ownerOf);
    if (!named) throw new Error('an onboarded customer has an owner');
    expect(onboarded.onboarding?.csmName).toBe(`${named.firstName} ${named.lastName}`);
    const assigned = fixture.owners.find((candidate) => candidate.id !== ownerOf);
    if (!assigned) throw new Error('several owners expected');
    await assignCsmAtHandoff(handle.db, portal.id, onboarded.company.id, assigned.id);
    expect((await load(onboarded.company.id)).onboarding?.csmName).toBe(`${assigned.firstName} ${assigned.lastName}`);
  });
});
