import type { Database } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import type { MatchedEventRow } from '../../src/db/repositories/ingestion-events-repository';
import { defaultIngestionSettings } from '../../src/domain/usage/ingestion-settings';
import { storeMatched } from '../../src/services/ingestion/ingest-events';

export const portalA = 111;
export const portalB = 222;

/** Two portals: A owns customer 1001 (with usage) and prospect 1002; B owns 2001. */
export async function seedTwoPortals(db: Database): Promise<void> {
  await upsertPortal(db, { id: portalA, timeZone: 'Asia/Tokyo', currency: 'USD' });
  await upsertPortal(db, { id: portalB, timeZone: 'UTC', currency: 'EUR' });
  await upsertCompanies(db, [
    { portalId: portalA, id: '1001', name: 'Acme KK' },
    { portalId: portalA, id: '1002', name: 'Prospect Inc' },
    { portalId: portalB, id: '2001', name: 'Other Portal GmbH' },
  ]);
  await replaceContractsForDeals(
    db,
    portalA,
    ['9001', '9002'],
    [
      {
        portalId: portalA,
        dealId: '9001',
        companyId: '1001',
        kind: 'new',
        product: 'core',
        mrrMinor: 400_000,
        startDate: '2026-01-01',
        endDate: '2027-01-01',
        seats: 10,
      },
      {
        portalId: portalA,
        dealId: '9002',
        companyId: '1001',
        kind: 'new',
        product: 'core',
        mrrMinor: 300_000,
        startDate: '2025-01-01',
        endDate: '2026-01-01',
        seats: 8,
      },
    ],
  );
  await replaceContractsForDeals(
    db,
    portalB,
    ['9101'],
    [
      {
        portalId: portalB,
        dealId: '9101',
        companyId: '2001',
        kind: 'new',
        product: 'core',
        mrrMinor: 999_900,
        startDate: '2026-01-01',
        endDate: '2027-01-01',
        seats: 5,
      },
    ],
  );
  // Three users in the last 30 days before 2026-03-31 (Tokyo), one in the 30 before; stored as ingestion
  // stores them, with the daily aggregates and sessions the card reads.
  await ingestUsage(db, portalA, 'Asia/Tokyo', [
    {
      messageId: 'm1',
      companyId: '1001',
      userId: 'u1',
      event: 'report_viewed',
      occurredAt: Date.parse('2026-03-20T01:00:00Z'),
      sessionId: 's1',
      durationSeconds: 60,
      properties: {},
    },
    {
      messageId: 'm2',
      companyId: '1001',
      userId: 'u1',
      event: 'dashboard_built',
      occurredAt: Date.parse('2026-03-20T01:09:00Z'),
      sessionId: 's1',
      durationSeconds: 60,
      properties: {},
    },
    {
      messageId: 'm3',
      companyId: '1001',
      userId: 'u2',
      event: 'report_viewed',
      occurredAt: Date.parse('2026-03-25T02:00:00Z'),
      sessionId: 's2',
      durationSeconds: 120,
      properties: {},
    },
    {
      messageId: 'm4',
      companyId: '1001',
      userId: 'u3',
      event: 'report_viewed',
      occurredAt: Date.parse('2026-03-30T14:59:00Z'),
      sessionId: 's3',
      durationSeconds: 0,
      properties: {},
    },
    {
      messageId: 'm5',
      companyId: '1001',
      userId: 'u1',
      event: 'report_viewed',
      occurredAt: Date.parse('2026-02-20T01:00:00Z'),
      sessionId: 's4',
      durationSeconds: 240,
      properties: {},
    },
    {
      messageId: 'm6',
      companyId: '1001',
      userId: 'u4',
      event: 'report_viewed',
      occurredAt: Date.parse('2026-03-31T15:30:00Z'),
      sessionId: 's5',
      durationSeconds: 0,
      properties: {},
    },
  ]);
}

export async function ingestUsage(
  db: Database,
  portalId: number,
  timeZone: string,
  events: readonly MatchedEventRow[],
): Promise<void> {
  const target = { db, portalId, timeZone, settings: defaultIngestionSettings };
  await db.transaction((transaction) => storeMatched(transaction, target, events));
}
