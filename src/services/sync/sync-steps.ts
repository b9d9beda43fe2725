import type { Client } from '@hubspot/api-client';
import type { Executor } from '../../db/client';
import { rebuildCompanyMrr } from '../../db/repositories/company-mrr-repository';
import { archiveCompaniesNotListed, archiveDealsNotListed } from '../../db/repositories/crm-record-changes-repository';
import { storeCompanies } from './store-companies';
import { upsertOwners } from '../../db/repositories/owners-repository';
import { listCompaniesPage, listDealsPage, listEveryOwnerPage } from '../../hubspot/sync/list-pages';
import type { ContractSettings } from './contract-settings';
import { applyRenewalRule } from './renewal-rule';
import { storeDeals } from './store-deals';

export interface Page {
  readonly records: number;
  readonly nextCursor: string | null;
  readonly store: (db: Executor) => Promise<void>;
}

export interface PageSettings extends ContractSettings {
  /** A full sync of the deals finished before: a deal closed won now that was not then (or is new) has been won since. */
  readonly dealsSyncedBefore: boolean;
}

export interface PagedStep {
  readonly objectType: 'owners' | 'companies' | 'deals';
  /** Everything `fetch` needs beyond the cursor; loaded once per run. */
  fetchPage(client: Client, portalId: number, cursor: string | null, settings: PageSettings): Promise<Page>;
  /** Runs after the last page, in the transaction that marks the step complete. */
  readonly complete?: (db: Executor, portalId: number) => Promise<void>;
}

export const ownersStep: PagedStep = {
  objectType: 'owners',
  async fetchPage(client, portalId, cursor) {
    const { rows, nextCursor } = await listEveryOwnerPage(client, portalId, cursor);
    return { records: rows.length, nextCursor, store: (db) => upsertOwners(db, rows) };
  },
};

export const companiesStep: PagedStep = {
  objectType: 'companies',
  async fetchPage(client, portalId, cursor) {
    const { rows, nextCursor } = await listCompaniesPage(client, portalId, cursor);
    return { records: rows.length, nextCursor, store: (db) => storeCompanies(db, portalId, rows) };
  },
  // Without webhooks nothing else learns of a company deleted in HubSpot: what the whole listing did not return is gone.
  async complete(db, portalId) {
    await archiveCompaniesNotListed(db, portalId);
  },
};

export const dealsStep: PagedStep = {
  objectType: 'deals',
  async fetchPage(client, portalId, cursor, settings) {
    const { rows: records, nextCursor } = await listDealsPage(client, portalId, cursor);
    return {
      records: records.length,
      nextCursor,
      // Deals won while no webhook told us (the service was down, events were lost) are recorded like the
      // webhooks' transitions, so they are handed off; the portal's first sync hands off nothing.
      store: async (db) => {
        await storeDeals(db, portalId, records, settings, {
          newClosedWonDealsCount: settings.dealsSyncedBefore,
          deferCompanyMrr: true,
        });
      },
    };
  },
  // A company's deals are spread over pages: its renewals follow on and its MRR is rebuilt once all of them are in.
  async complete(db, portalId) {
    await archiveDealsNotListed(db, portalId);
    await applyRenewalRule(db, portalId, { deferCompanyMrr: true });
    await rebuildCompanyMrr(db, portalId);
  },
};
