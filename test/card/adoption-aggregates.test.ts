import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import { ratio, roundForDisplay } from '../../src/domain/kpi/kpi-value';
import { portfolioKpis } from '../../src/services/kpi/portfolio-kpis-service';
import { listCompanyUsageEvents, loadCardRows } from '../../src/db/repositories/company-card-repository';
import { cardDays } from '../../src/services/card/company-card-service';
import type { MatchedEventRow } from '../../src/db/repositories/ingestion-events-repository';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { addDays } from '../../src/domain/time/calendar-date';
import { adoptionWindows, buildAdoptionSection } from '../../src/services/card/adoption-section';
import { databaseTargets } from '../support/databases';
import { adoptionFromEvents, coveringRange } from './adoption-from-events';
import { ingestUsage } from './card-seed';

// The card reads adoption from ingestion's daily aggregates and stored sessions; on the same events it must
// say exactly what the raw events say (users, features and sessions by portal-local day, across a DST change).
const portalId = 31;
const timeZone = 'America/New_York';
const firstDay = Date.parse('2026-01-10T00:00:00Z');
const days = 120;
const seats = 12;
const features = ['report_viewed', 'dashboard_built', 'export.csv', 'alert_created', 'api.call'];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Busy and quiet days, bursts around local midnight, events with and without session ids, late arrivals. */
function usageOf(companyId: string, users: number, activeDayShare: number, seed: number): MatchedEventRow[] {
  const next = random(seed);
  const events: MatchedEventRow[] = [];
  for (let day = 0; day < days; day += 1) {
    for (let user = 0; user < users; user += 1) {
      if (next() > activeDayShare) continue;
      const keyed = next() < 0.5;
      // Between 19:00 and 07:00 UTC: around midnight in New York, so the local day matters.
      let at = firstDay + day * 86_400_000 + (19 + Math.floor(next() * 12)) * 3_600_000;
      const burst = 1 + Math.floor(next() * 6);
      for (let index = 0; index < burst; index += 1) {
        events.push({
          messageId: `${companyId}-${day}-${user}-${index}`,
          companyId,
          userId: `user-${user}`,
          event: features[Math.floor(next() * features.length)] ?? 'report_viewed',
          occurredAt: at,
          sessionId: keyed ? `session-${user}-${day}` : null,
          durationSeconds: next() < 0.2 ? null : Math.floor(next() * 900),
          properties: {},
        });
        // Mostly within the 30-minute gap, sometimes past it.
        at += Math.floor(next() * 45 * 60_000);
      }
    }
  }
  return events;
}

const companies = [
  { id: 'busy', events: usageOf('busy', 14, 0.7, 1) },
  { id: 'sparse', events: usageOf('sparse', 5, 0.08, 2) },
  {
    id: 'lapsed',
    events: usageOf('lapsed', 6, 0.5, 3).filter((event) => event.occurredAt < Date.parse('2026-03-01T00:00:00Z')),
  },
  { id: 'silent', events: [] },
];
const asOfDays = ['2026-03-05', '2026-03-31', '2026-04-20', addDays('2026-01-10', days)];

describe.each(databaseTargets)('card adoption from aggregates on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await upsertPortal(handle.db, { id: portalId, timeZone, currency: 'USD' });
    await upsertCompanies(
      handle.db,
      companies.map((company) => ({ portalId, id: company.id, name: company.id })),
    );
    const all = companies.flatMap((company) => company.events);
    // Three batches, the last one arriving late and out of order, as ingestion receives them.
    const shuffled = [...all].sort(
      (left, right) => (left.messageId.length % 3) - (right.messageId.length % 3) || right.occurredAt - left.occurredAt,
    );
    for (let start = 0; start < shuffled.length; start += 1_500)
      await ingestUsage(handle.db, portalId, timeZone, shuffled.slice(start, start + 1_500));
  });
  afterAll(async () => handle.close());

  it.each(asOfDays)('equals the raw-event computation on %s', async (asOf) => {
    const windows = adoptionWindows(asOf);
    const { from, to } = coveringRange(windows.previousFirstDay, asOf);
    for (const company of companies) {
      const rows = await loadCardRows(handle.db, portalId, company.id, cardDays(asOf));
      const events = await listCompanyUsageEvents(handle.db, portalId, company.id, from, to);
      expect({ company: company.id, adoption: buildAdoptionSection(rows.adoption, seats) }).toEqual({
        company: company.id,
        adoption: adoptionFromEvents(events, company.id, seats, asOf, timeZone),
      });
    }
  });

  it("shows the portfolio KPI's seat utilization for its company (one definition, domain §3)", async () => {
    // Only 'busy' has a core contract with seats, so the portfolio figure is its own.
    await replaceContractsForDeals(
      handle.db,
      portalId,
      ['busy-core'],
      [
        {
          portalId,
          dealId: 'busy-core',
          companyId: 'busy',
          kind: 'new',
          product: 'core',
          mrrMinor: 10_000,
          startDate: '2026-01-01',
          endDate: '2027-01-01',
          closeDate: '2025-12-20',
          seats,
        },
      ],
    );
    for (const asOf of ['2026-03-31', '2026-04-20']) {
      const [portfolio] = await portfolioKpis(handle.db, {
        portalId,
        timeZone,
        from: asOf.slice(0, 7),
        to: asOf.slice(0, 7),
        asOf,
      });
      const card = buildAdoptionSection(
        (await loadCardRows(handle.db, portalId, 'busy', cardDays(asOf))).adoption,
        seats,
      );
      const kpi = portfolio?.periods[0]?.seatUtilization;
      expect(kpi).toEqual(
        ratio(card.activeUsers.current ?? -1, seats, 'percent', 'no company with an active contract has seats'),
      );
      expect(card.seatUtilizationPercent.current).toBe(kpi ? roundForDisplay(kpi, 1) : 'missing');
    }
  });

  it('is measured on real usage, not on empty windows', async () => {
    const rows = await loadCardRows(handle.db, portalId, 'busy', cardDays('2026-03-31'));
    const adoption = buildAdoptionSection(rows.adoption, seats);
    expect(adoption.activeUsers.current).toBeGreaterThan(10);
    expect(adoption.featureBreadth.current).toBe(features.length);
    expect(rows.adoption.sessions.current.count).toBeGreaterThan(100);
  });
});
