import type { DatabaseHandle } from '../src/db/client';
import { upsertCompanies } from '../src/db/repositories/companies-repository';
import { replaceContractsForDeals, type ContractRow } from '../src/db/repositories/contracts-repository';
import type { MatchedEventRow } from '../src/db/repositories/ingestion-events-repository';
import { refreshPlannerStatistics } from '../src/db/repositories/planner-statistics-repository';
import { upsertPortal } from '../src/db/repositories/portals-repository';
import { defaultIngestionSettings } from '../src/domain/usage/ingestion-settings';
import { instantToLocalDate } from '../src/domain/time/time-zone';
import { storeMatched } from '../src/services/ingestion/ingest-events';
import { recomputeHealth } from '../src/services/customer-success/recompute-health';

export const benchPortal = { id: 424_242, timeZone: 'Europe/Berlin', currency: 'EUR' } as const;
const day = 86_400_000;

export interface SeedSize {
  readonly companies: number;
  readonly eventsPerCompany: number;
}

export const benchCompanyId = (index: number) => String(5_000_000 + index);

/**
 * A portfolio as production holds it: contracts, usage stored through ingestion (so its daily aggregates
 * and sessions exist), then the daily health run (onboarding, scores, suggestions).
 */
export async function seedPortfolio(handle: DatabaseHandle, size: SeedSize, now: number): Promise<void> {
  await upsertPortal(handle.db, benchPortal);
  const firsts = Array.from({ length: Math.ceil(size.companies / 1_000) }, (_, chunk) => chunk * 1_000);
  // Four chunks at a time: the seed is set-up, not the measurement.
  for (let batch = 0; batch < firsts.length; batch += 4) {
    await Promise.all(firsts.slice(batch, batch + 4).map((first) => seedChunk(handle, size, now, first)));
  }
  // What the product does after an initial sync and a bulk usage load; the first health run vacuums its own tables.
  await refreshPlannerStatistics(handle.db);
  await recomputeHealth(handle.db, benchPortal.id, instantToLocalDate(now, benchPortal.timeZone));
}

async function seedChunk(handle: DatabaseHandle, size: SeedSize, now: number, first: number): Promise<void> {
  const portalId = benchPortal.id;
  const ids = Array.from({ length: Math.min(1_000, size.companies - first) }, (_, offset) =>
    benchCompanyId(first + offset),
  );
  await upsertCompanies(
    handle.db,
    ids.map((id) => ({ portalId, id, name: `Company ${id}` })),
  );
  const contracts: ContractRow[] = ids.flatMap((id, index) => [
    {
      portalId,
      dealId: `${id}1`,
      companyId: id,
      kind: 'new',
      product: 'core',
      mrrMinor: 50_000 + index * 10,
      startDate: '2024-01-01',
      endDate: '2025-01-01',
      seats: 10,
    },
    {
      portalId,
      dealId: `${id}2`,
      companyId: id,
      kind: 'renewal',
      product: 'core',
      mrrMinor: 60_000 + index * 10,
      startDate: '2025-01-01',
      endDate: '2027-01-01',
      seats: 12,
    },
  ]);
  await replaceContractsForDeals(
    handle.db,
    portalId,
    contracts.map((contract) => contract.dealId),
    contracts,
  );
  const events: MatchedEventRow[] = ids.flatMap((id, index) =>
    Array.from({ length: size.eventsPerCompany }, (_, event) => ({
      messageId: `${id}-${event}`,
      companyId: id,
      userId: `u${(index + event) % 9}`,
      event: ['report_viewed', 'dashboard_built', 'export.csv'][event % 3] ?? 'report_viewed',
      occurredAt: now - ((event * 56) / size.eventsPerCompany + 0.5) * day,
      sessionId: `s${id}-${Math.floor(event / 2)}`,
      durationSeconds: 120 + event,
      properties: {},
    })),
  );
  const target = { db: handle.db, portalId, timeZone: benchPortal.timeZone, settings: defaultIngestionSettings };
  for (let start = 0; start < events.length; start += 2_000) {
    const batch = events.slice(start, start + 2_000);
    await handle.db.transaction((transaction) => storeMatched(transaction, target, batch));
  }
}
