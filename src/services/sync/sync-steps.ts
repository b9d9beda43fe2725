import type { Client } from '@hubspot/api-client';
import type { Executor } from '../../db/client';
import { recordClosedWonTransitions } from '../../db/repositories/closed-won-transitions-repository';
import { rebuildCompanyMrr } from '../../db/repositories/company-mrr-repository';
import { upsertCompanies } from '../../db/repositories/companies-repository';
import { replaceContractsForDeals, type ContractRow } from '../../db/repositories/contracts-repository';
import { storedDealStages, type StoredDealStage } from '../../db/repositories/crm-record-changes-repository';
import { replaceDealCompanies, upsertDeals } from '../../db/repositories/deals-repository';
import { upsertOwners } from '../../db/repositories/owners-repository';
import type { ExchangeRate } from '../../domain/contracts/currency';
import { dealToContract } from '../../domain/contracts/deal-to-contract';
import { enteredClosedWon } from '../../domain/deals/closed-won-transition';
import { listCompaniesPage, listDealsPage, listOwnersPage } from '../../hubspot/sync/list-pages';
import type { MappedDeal } from '../../hubspot/sync/record-mapping';

export interface Page {
  readonly records: number;
  readonly nextCursor: string | null;
  readonly store: (db: Executor) => Promise<void>;
}

export interface ContractSettings {
  readonly timeZone: string;
  readonly minorUnitDigits: number;
  readonly closedWonStageIds: string[];
  /** The portal's company currency and the rates that convert deals in other currencies into it. */
  readonly currency: string;
  readonly exchangeRates: ExchangeRate[];
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

/**
 * Deals won while no webhook told us (the service was down, events were lost): recorded like the webhooks' and the
 * incremental sync's transitions, so they are handed off. The portal's first sync hands off nothing.
 */
function dealsEnteringClosedWon(
  records: readonly MappedDeal[],
  before: ReadonlyMap<string, StoredDealStage>,
  settings: PageSettings,
): string[] {
  const won = new Set(settings.closedWonStageIds);
  return records
    .filter((record) =>
      enteredClosedWon(record.row.stageId ?? null, before.get(record.row.id), won, settings.dealsSyncedBefore),
    )
    .map((record) => record.row.id);
}

export const ownersStep: PagedStep = {
  objectType: 'owners',
  async fetchPage(client, portalId, cursor) {
    const { rows, nextCursor } = await listOwnersPage(client, portalId, cursor);
    return { records: rows.length, nextCursor, store: (db) => upsertOwners(db, rows) };
  },
};

export const companiesStep: PagedStep = {
  objectType: 'companies',
  async fetchPage(client, portalId, cursor) {
    const { rows, nextCursor } = await listCompaniesPage(client, portalId, cursor);
    return { records: rows.length, nextCursor, store: (db) => upsertCompanies(db, rows) };
  },
};

export const dealsStep: PagedStep = {
  objectType: 'deals',
  async fetchPage(client, portalId, cursor, settings) {
    const { rows: records, nextCursor } = await listDealsPage(client, portalId, cursor);
    const dealIds = records.map((record) => record.row.id);
    const contracts = records.flatMap((record): ContractRow[] => {
      const result = dealToContract(
        { id: record.row.id, properties: record.properties, companyIds: record.companyIds },
        settings,
      );
      return result.isContract ? [{ portalId, ...result.contract }] : [];
    });
    return {
      records: records.length,
      nextCursor,
      store: async (db) => {
        const before = await storedDealStages(db, portalId, dealIds);
        await upsertDeals(
          db,
          records.map((record) => record.row),
        );
        await replaceDealCompanies(
          db,
          portalId,
          dealIds,
          records.flatMap((record) => record.links),
        );
        await replaceContractsForDeals(db, portalId, dealIds, contracts, { deferCompanyMrr: true });
        await recordClosedWonTransitions(db, portalId, dealsEnteringClosedWon(records, before, settings));
      },
    };
  },
  // A company's deals are spread over pages: its MRR is rebuilt once, when all of them are in.
  complete: rebuildCompanyMrr,
};
