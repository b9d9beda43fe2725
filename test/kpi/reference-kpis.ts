import type { Fixture } from '../../src/sandbox/fixture-schema';
import { customersOn, companyMrrOn, referenceContracts, type ReferenceContract } from '../demo/reference-contracts';

// A deliberately plain reading of domain.md §2-§3 with the default conventions, written without
// src/domain: the oracle for the CLI's numbers. One reading the page leaves open is made explicit:
// an event with a duration counts as activity until its end, so the 30-minute gap runs from there.

type Row = Record<string, number | string | null>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function localDate(instant: string, timeZone: string): string {
  const formatter = formatters.get(timeZone) ?? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  formatters.set(timeZone, formatter);
  return formatter.format(new Date(instant));
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let [year, month] = from.split('-').map(Number) as [number, number]; `${year}-${String(month).padStart(2, '0')}` <= to; month += 1) {
    if (month > 12) {
      year += 1;
      month = 1;
    }
    months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
}

function lastDayOf(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
}

type Session = { start: number; lengthMs: number };

function sessionsOf(fixture: Fixture): Session[] {
  const groups = new Map<string, { at: number; durationMs: number }[]>();
  for (const event of fixture.usageEvents) {
    const key = `${event.companyId}\u0000${event.userId}\u0000${event.sessionId ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push({ at: Date.parse(event.timestamp), durationMs: (event.durationSeconds ?? 0) * 1000 });
    groups.set(key, list);
  }
  const sessions: Session[] = [];
  for (const [key, events] of groups) {
    events.sort((left, right) => left.at - right.at || left.durationMs - right.durationMs);
    const hasSessionId = !key.endsWith('\u0000');
    let current: typeof events = [];
    let activeUntil = 0;
    const close = () => {
      const first = current[0];
      const last = current[current.length - 1];
      if (first && last) sessions.push({ start: first.at, lengthMs: last.at - first.at + last.durationMs });
      current = [];
    };
    for (const event of events) {
      if (!hasSessionId && current.length > 0 && event.at - activeUntil >= 30 * 60_000) close();
      if (current.length === 0) activeUntil = event.at + event.durationMs;
      current.push(event);
      activeUntil = Math.max(activeUntil, event.at + event.durationMs);
    }
    close();
  }
  return sessions;
}

function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : (numerator / denominator) * 100;
}

export function referenceMonthlyRows(fixture: Fixture, from: string, to: string): Row[] {
  const zone = fixture.portal.timeZone;
  const closeDates = new Map(fixture.deals.map((deal) => [deal.id, deal.properties.closedate ? localDate(deal.properties.closedate, zone) : '']));
  const contracts: ReferenceContract[] = referenceContracts(fixture).filter((contract) => contract.companyId !== undefined);
  const sessions = sessionsOf(fixture).map((session) => ({ ...session, date: localDate(new Date(session.start).toISOString(), zone) }));
  const events = fixture.usageEvents.map((event) => ({ user: `${event.companyId}\u0000${event.userId}`, date: localDate(event.timestamp, zone) }));
  const surveys = fixture.surveys.map((survey) => ({ ...survey, date: localDate(survey.submittedAt, zone) }));
  return monthsBetween(from, to).map((month) => {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    const inMonth = (date: string) => date >= first && date <= last;
    const start = customersOn(contracts, first);
    const end = customersOn(contracts, last);
    const churned = start.filter((company) => !end.includes(company));
    const added = end.filter((company) => !start.includes(company));
    let startMrr = 0;
    let expansion = 0;
    let contraction = 0;
    let churnedMrr = 0;
    for (const company of start) {
      const before = companyMrrOn(contracts, company, first);
      const after = companyMrrOn(contracts, company, last);
      startMrr += before;
      if (after === 0) churnedMrr += before;
      else if (after > before) expansion += after - before;
      else contraction += before - after;
    }
    const newMrr = added.reduce((total, company) => total + companyMrrOn(contracts, company, last), 0);
    const endMrr = end.reduce((total, company) => total + companyMrrOn(contracts, company, last), 0);
    const buyers = (kind: string) =>
      new Set(contracts.filter((contract) => contract.kind === kind && start.includes(contract.companyId ?? '') && inMonth(closeDates.get(contract.dealId) ?? '')).map((contract) => contract.companyId)).size;
    const scores = (kind: 'nps' | 'csat') => surveys.filter((survey) => survey.kind === kind && inMonth(survey.date)).map((survey) => survey.score);
    const nps = scores('nps');
    const csat = scores('csat');
    const users = new Set(events.filter((event) => inMonth(event.date)).map((event) => event.user));
    const monthSessions = sessions.filter((session) => inMonth(session.date));
    const npsValue = percent(nps.filter((score) => score >= 9).length - nps.filter((score) => score <= 6).length, nps.length);
    return {
      period: month,
      customersStart: start.length,
      customersEnd: end.length,
      newCustomers: added.length,
      churnedCustomers: churned.length,
      customerChurnRate: percent(churned.length, start.length),
      retentionRate: percent(start.length - churned.length, start.length),
      startMrr: startMrr / 100,
      newMrr: newMrr / 100,
      expansionMrr: expansion / 100,
      contractionMrr: contraction / 100,
      churnedMrr: churnedMrr / 100,
      endMrr: endMrr / 100,
      nrr: percent(startMrr + expansion - contraction - churnedMrr, startMrr),
      grr: percent(startMrr - contraction - churnedMrr, startMrr),
      revenueChurnRate: percent(contraction + churnedMrr, startMrr),
      upsellRate: percent(buyers('upsell'), start.length),
      crossSellRate: percent(buyers('cross_sell'), start.length),
      // Domain §3: NPS is shown as a whole number.
      nps: npsValue === null ? null : Math.sign(npsValue) * Math.round(Math.abs(npsValue)),
      csatPercent: percent(csat.filter((score) => score >= 4).length, csat.length),
      csatMean: csat.length === 0 ? null : csat.reduce((total, score) => total + score, 0) / csat.length,
      mau: users.size,
      meanSessionMinutes: monthSessions.length === 0 ? null : monthSessions.reduce((total, session) => total + session.lengthMs, 0) / monthSessions.length / 60_000,
    };
  });
}
