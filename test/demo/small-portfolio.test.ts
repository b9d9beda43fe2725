import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureSchema, type Fixture, type FixtureUsageEvent } from '../../src/sandbox/fixture-schema';
import {
  expectedContracts,
  expectedMonthlyActiveUsers,
  expectedMonths,
  expectedNonContractDealIds,
  expectedSessions,
  expectedSurveys,
  smallPortfolioPath,
} from '../fixtures/small-portfolio.expected';
import { companyMrrOn, customersOn, referenceContracts } from './reference-contracts';

const fixture: Fixture = fixtureSchema.parse(JSON.parse(readFileSync(smallPortfolioPath, 'utf8')));
const contracts = referenceContracts(fixture);

describe('small-portfolio.json', () => {
  it('validates against the fixture schema', () => {
    expect(fixtureSchema.safeParse(JSON.parse(readFileSync(smallPortfolioPath, 'utf8'))).success).toBe(true);
    expect(fixture.companies).toHaveLength(7);
    expect(fixture.deals).toHaveLength(14);
  });

  it('yields exactly the documented contract table', () => {
    const byDeal = (first: { dealId: string }, second: { dealId: string }) => first.dealId.localeCompare(second.dealId);
    expect([...contracts].sort(byDeal)).toEqual([...expectedContracts].sort(byDeal));
  });

  it('leaves open and closed-lost deals out', () => {
    const contractDealIds = new Set(contracts.map((contract) => contract.dealId));
    const others = fixture.deals.map((deal) => deal.id).filter((id) => !contractDealIds.has(id));
    expect(others.sort()).toEqual([...expectedNonContractDealIds]);
  });

  it.each(expectedMonths)('$period: customers and MRR movements match the documented figures', (month) => {
    const start = customersOn(contracts, month.first);
    const end = customersOn(contracts, month.last);
    expect(start).toEqual(month.start);
    expect(end).toEqual(month.end);
    expect(start.filter((id) => !end.includes(id))).toEqual(month.churned);
    expect(end.filter((id) => !start.includes(id))).toEqual(month.newCustomers);

    let expansion = 0;
    let contraction = 0;
    let churn = 0;
    for (const companyId of start) {
      const before = companyMrrOn(contracts, companyId, month.first);
      const after = companyMrrOn(contracts, companyId, month.last);
      if (after === 0) churn += before;
      else if (after > before) expansion += after - before;
      else contraction += before - after;
    }
    const sumOn = (ids: readonly string[], date: string) =>
      ids.reduce((sum, id) => sum + companyMrrOn(contracts, id, date), 0);
    expect({
      startMrrCents: sumOn(start, month.first),
      expansionCents: expansion,
      contractionCents: contraction,
      churnCents: churn,
      newMrrCents: sumOn(month.newCustomers, month.last),
      endTotalMrrCents: sumOn(end, month.last),
    }).toEqual({
      startMrrCents: month.startMrrCents,
      expansionCents: month.expansionCents,
      contractionCents: month.contractionCents,
      churnCents: month.churnCents,
      newMrrCents: month.newMrrCents,
      endTotalMrrCents: month.endTotalMrrCents,
    });

    const closedIn = (kind: string) =>
      contracts
        .filter((contract) => contract.kind === kind && start.includes(contract.companyId ?? ''))
        .filter((contract) =>
          fixture.deals.find((deal) => deal.id === contract.dealId)?.properties.closedate?.startsWith(month.period),
        )
        .map((contract) => contract.dealId);
    expect(closedIn('upsell')).toEqual(month.upsellDealIds);
    expect(closedIn('cross_sell')).toEqual(month.crossSellDealIds);
  });

  it.each(expectedSurveys)('$period: NPS and CSAT inputs match', ({ period, nps, csat }) => {
    const inPeriod = fixture.surveys.filter((survey) => survey.submittedAt.startsWith(period));
    const npsScores = inPeriod.filter((survey) => survey.kind === 'nps').map((survey) => survey.score);
    const csatScores = inPeriod.filter((survey) => survey.kind === 'csat').map((survey) => survey.score);
    if (nps === null) expect(npsScores).toEqual([]);
    else {
      const promoters = npsScores.filter((score) => score >= 9).length;
      const detractors = npsScores.filter((score) => score <= 6).length;
      expect({
        promoters,
        passives: npsScores.length - promoters - detractors,
        detractors,
        responses: npsScores.length,
      }).toEqual({
        promoters: nps.promoters,
        passives: nps.passives,
        detractors: nps.detractors,
        responses: nps.responses,
      });
      expect(Math.round(((promoters - detractors) / npsScores.length) * 100)).toBe(nps.score);
    }
    if (csat === null) expect(csatScores).toEqual([]);
    else {
      expect(csatScores.length).toBe(csat.responses);
      expect(csatScores.filter((score) => score >= 4).length).toBe(csat.satisfied);
      expect(csatScores.reduce((sum, score) => sum + score, 0)).toBe(csat.scoreSum);
    }
  });

  it('splits usage into the documented sessions', () => {
    const gapMilliseconds = 30 * 60_000;
    const time = (event: FixtureUsageEvent) => Date.parse(event.timestamp);
    const groups = new Map<string, FixtureUsageEvent[][]>();
    for (const event of [...fixture.usageEvents].sort((first, second) => time(first) - time(second))) {
      const key = `${event.companyId}/${event.userId}/${event.sessionId ?? ''}`;
      const sessions = groups.get(key) ?? [];
      const current = sessions[sessions.length - 1];
      const previous = current?.[current.length - 1];
      if (current && previous && (event.sessionId !== undefined || time(event) - time(previous) <= gapMilliseconds))
        current.push(event);
      else sessions.push([event]);
      groups.set(key, sessions);
    }
    const sessions = [...groups.values()].flat().map((events) => {
      const first = events[0] as FixtureUsageEvent;
      const last = events[events.length - 1] as FixtureUsageEvent;
      return {
        companyId: first.companyId,
        userId: first.userId,
        sessionId: first.sessionId,
        startedAt: first.timestamp,
        lengthSeconds: (time(last) - time(first)) / 1000 + (last.durationSeconds ?? 0),
        period: first.timestamp.slice(0, 7),
      };
    });
    const byStart = (first: { startedAt: string }, second: { startedAt: string }) =>
      first.startedAt.localeCompare(second.startedAt);
    expect(sessions.sort(byStart)).toEqual([...expectedSessions].sort(byStart));
  });

  it('has the documented monthly active users', () => {
    for (const [period, perCompany] of Object.entries(expectedMonthlyActiveUsers)) {
      const counts: Record<string, number> = {};
      const users = new Set(
        fixture.usageEvents
          .filter((event) => event.timestamp.startsWith(period))
          .map((event) => `${event.companyId}/${event.userId}`),
      );
      for (const user of users) {
        const companyId = user.split('/')[0] ?? '';
        counts[companyId] = (counts[companyId] ?? 0) + 1;
      }
      expect(counts).toEqual(perCompany);
    }
  });
});
