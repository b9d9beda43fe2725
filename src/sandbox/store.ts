import { AssociationStore } from './association-store';
import { defaultSalesPipeline, type FixtureOwner, type FixturePipeline } from './fixture-schema';
import { ObjectStore } from './object-store';
import { PropertyStore } from './property-store';
import { StoreEvents, type StoreChange } from './store-events';

export interface Portal {
  readonly id: number;
  readonly timeZone: string;
  readonly currency: string;
  readonly name?: string;
  readonly additionalCurrencies?: readonly PortalCurrency[];
}

export interface PortalCurrency {
  readonly code: string;
  readonly exchangeRates: readonly { readonly effectiveAt: string; readonly conversionRate: number }[];
}

export interface StoredOwner extends FixtureOwner {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archived: boolean;
}

/** The sandbox's whole portal: records, associations, definitions, owners and pipelines. */
export class SandboxStore {
  readonly events = new StoreEvents();
  readonly properties: PropertyStore;
  readonly objects: ObjectStore;
  readonly associations: AssociationStore;
  readonly owners: StoredOwner[] = [];
  /** Deal pipelines; HubSpot's default sales pipeline is always there. */
  readonly dealPipelines: FixturePipeline[] = [structuredClone(defaultSalesPipeline)];
  portal: Portal = { id: 1, timeZone: 'UTC', currency: 'USD' };
  /** When this store was made, in epoch ms: the portal's age when it holds no record. */
  readonly startedAt: number;

  constructor(readonly now: () => number = Date.now) {
    this.startedAt = now();
    this.properties = new PropertyStore(now, {
      ownerIds: () => new Set(this.owners.filter((owner) => !owner.archived).map((owner) => owner.id)),
      dealPipelines: () => this.dealPipelines,
      currencies: () => [this.portal.currency, ...(this.portal.additionalCurrencies ?? []).map((each) => each.code)],
    });
    this.objects = new ObjectStore(this.properties, this.events, now);
    this.associations = new AssociationStore(this.events, now);
    this.events.onChange((change) => this.keepParentCompany(change));
  }

  // HubSpot keeps a child company's read-only `hs_parent_company_id` in step with its parent association.
  private keepParentCompany(change: StoreChange): void {
    if (change.kind !== 'associated' && change.kind !== 'disassociated') return;
    if (change.objectType !== 'companies' || change.toObjectType !== 'companies') return;
    for (const companyId of [change.objectId, change.toObjectId]) {
      const company = this.objects.get('companies', companyId);
      const parentId = this.associations.parentOf(companyId);
      if (company && (company.properties.hs_parent_company_id ?? null) !== parentId) {
        this.objects.update('companies', companyId, { hs_parent_company_id: parentId }, true);
      }
    }
  }

  addOwner(owner: FixtureOwner): void {
    const instant = new Date(this.now()).toISOString();
    this.owners.push({ ...owner, createdAt: instant, updatedAt: instant });
  }

  /** The user left the account: HubSpot lists the owner only with `archived=true` from then on. */
  deactivateOwner(id: string): void {
    const index = this.owners.findIndex((owner) => owner.id === id);
    const owner = this.owners[index];
    if (owner) this.owners[index] = { ...owner, archived: true, updatedAt: new Date(this.now()).toISOString() };
  }

  /** Adds a pipeline, replacing one with the same id (a fixture may restate the default pipeline). */
  putDealPipeline(pipeline: FixturePipeline): void {
    const index = this.dealPipelines.findIndex((existing) => existing.id === pipeline.id);
    if (index >= 0) this.dealPipelines[index] = pipeline;
    else this.dealPipelines.push(pipeline);
  }
}
