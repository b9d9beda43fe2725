import type { Fixture } from '../../src/sandbox/fixture-schema';
import { customersOn, companyMrrOn, referenceContracts, type ReferenceContract } from '../demo/reference-contracts';

// A deliberately plain reading of domain.md §2-§3.1 with the default conventions (S on the previous
// month's last day), written without src/domain: the oracle for the CLI's numbers. One reading the page leaves open is made explicit:
// an event with a duration counts as activity until its end, so the 30-minute gap runs from there.

type Row = Record<string, number | string | boolean | null>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function localDate(instant: string, timeZone: string): string {
  const formatter =
    formatters.get(timeZone) ??
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  formatters.set(timeZone, formatter);
  return formatter.format(new Date(instant));
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (
    let [year, month] = from.split('-').map(Number) as [number, number];
    `${year}-${String(month).padStart(2, '0')}` <= to;
    month += 1
  ) {
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

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function middle(values: readonly number[]): number | null {
  const sorted = [...values].sort((left, right) => left - right);
  const half = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return null;
  return sorted.length % 2 === 1 ? (sorted[half] ?? 0) : ((sorted[half - 1] ?? 0) + (sorted[half] ?? 0)) / 2;
}

/**
 * Every field of domain §3.1 per month, default settings, for months that have ended by `today`. The
 * onboardings are the ones the product opens at hand-off (the first `new` contract's start), none complete.
 */
export function referenceMonthlyRows(
  fixture: Fixture,
  from: string,
  to: string,
  today = new Date().toISOString().slice(0, 10),
): Row[] {
  const zone = fixture.portal.timeZone;
  const closeDates = new Map(
    fixture.deals.map((deal) => [deal.id, deal.properties.closedate ? localDate(deal.properties.closedate, zone) : '']),
  );
  const contracts: ReferenceContract[] = referenceContracts(fixture).filter(
    (contract) => contract.companyId !== undefined,
  );
  const sessions = sessionsOf(fixture).map((session) => ({
    ...session,
    date: localDate(new Date(session.start).toISOString(), zone),
  }));
  const events = fixture.usageEvents.map((event) => ({
    company: event.companyId,
    user: `${event.companyId}\u0000${event.userId}`,
    date: localDate(event.timestamp, zone),
  }));
  const surveys = fixture.surveys.map((survey) => ({ ...survey, date: localDate(survey.submittedAt, zone) }));
  const handoffs = new Map<string, string>();
  for (const contract of contracts) {
    const known = handoffs.get(contract.companyId ?? '');
    if (contract.kind === 'new' && (known === undefined || contract.startDate < known))
      handoffs.set(contract.companyId ?? '', contract.startDate);
  }
  const usersBetween = (first: string, last: string) =>
    new Set(events.filter((event) => event.date >= first && event.date <= last).map((event) => event.user));
  return monthsBetween(from, to).map((month) => {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    // S on the previous month's last day (domain §2).
    const before = shiftDay(first, -1);
    const inMonth = (date: string) => date >= first && date <= last;
    const start = customersOn(contracts, before);
    const end = customersOn(contracts, last);
    const churned = start.filter((company) => !end.includes(company));
    const added = end.filter((company) => !start.includes(company));
    let startMrr = 0;
    let expansion = 0;
    let contraction = 0;
    let churnedMrr = 0;
    for (const company of start) {
      const startLevel = companyMrrOn(contracts, company, before);
      const endLevel = companyMrrOn(contracts, company, last);
      startMrr += startLevel;
      if (endLevel === 0) churnedMrr += startLevel;
      else if (endLevel > startLevel) expansion += endLevel - startLevel;
      else contraction += startLevel - endLevel;
    }
    const newMrr = added.reduce((total, company) => total + companyMrrOn(contracts, company, last), 0);
    const endMrr = end.reduce((total, company) => total + companyMrrOn(contracts, company, last), 0);
    const deals = (kind: string) =>
      contracts.filter(
        (contract) =>
          contract.kind === kind &&
          start.includes(contract.companyId ?? '') &&
          inMonth(closeDates.get(contract.dealId) ?? ''),
      );
    const buyers = (kind: string) => new Set(deals(kind).map((contract) => contract.companyId)).size;
    const dealMrr = (kind: string) => deals(kind).reduce((total, contract) => total + contract.mrrCents, 0) / 100;
    const cohort = [...handoffs.values()].filter(inMonth).length;
    const scores = (kind: 'nps' | 'csat') =>
      surveys.filter((survey) => survey.kind === kind && inMonth(survey.date)).map((survey) => survey.score);
    const nps = scores('nps');
    const csat = scores('csat');
    const mau = usersBetween(first, last).size;
    const lengths = sessions.filter((session) => inMonth(session.date)).map((session) => session.lengthMs);
    const totalMs = lengths.reduce((total, length) => total + length, 0);
    const medianMs = middle(lengths);
    const npsValue = percent(
      nps.filter((score) => score >= 9).length - nps.filter((score) => score <= 6).length,
      nps.length,
    );
    // Seat utilization on the last day: the core product's stated seats, users active in the 30 days ending then.
    const seatsByCompany = new Map<string, number>();
    for (const contract of contracts) {
      if (
        contract.product === 'core' &&
        contract.seats !== undefined &&
        contract.startDate <= last &&
        contract.endDate > last
      ) {
        seatsByCompany.set(
          contract.companyId ?? '',
          (seatsByCompany.get(contract.companyId ?? '') ?? 0) + contract.seats,
        );
      }
    }
    const seatWindowUsers = usersBetween(shiftDay(last, -29), last);
    let seats = 0;
    let seatUsers = 0;
    for (const [company, companySeats] of seatsByCompany) {
      if (companySeats <= 0) continue;
      seats += companySeats;
      seatUsers += [...seatWindowUsers].filter((user) => user.startsWith(`${company}\u0000`)).length;
    }
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
      averageRevenuePerAccount: start.length === 0 ? null : startMrr / start.length / 100,
      // No gross margin is configured by default: the SaaS LTV has no value.
      lifetimeValue: null,
      upsellCustomers: buyers('upsell'),
      upsellRate: percent(buyers('upsell'), start.length),
      upsellMrr: dealMrr('upsell'),
      crossSellCustomers: buyers('cross_sell'),
      crossSellRate: percent(buyers('cross_sell'), start.length),
      crossSellMrr: dealMrr('cross_sell'),
      onboardingCohortSize: cohort,
      onboardingCompletedWithinTarget: 0,
      onboardingCompletionRate: percent(0, cohort),
      onboardingProvisional: today < shiftDay(last, 90),
      medianDaysToComplete: null,
      // Domain §3: NPS is shown as a whole number.
      nps: npsValue === null ? null : Math.sign(npsValue) * Math.round(Math.abs(npsValue)),
      npsResponses: nps.length,
      csatPercent: percent(csat.filter((score) => score >= 4).length, csat.length),
      csatMean: csat.length === 0 ? null : csat.reduce((total, score) => total + score, 0) / csat.length,
      csatResponses: csat.length,
      dailyActiveUsers: usersBetween(last, last).size,
      weeklyActiveUsers: usersBetween(shiftDay(last, -6), last).size,
      mau,
      meanSessionMinutes: lengths.length === 0 ? null : totalMs / lengths.length / 60_000,
      medianSessionMinutes: medianMs === null ? null : medianMs / 60_000,
      minutesPerActiveUser: mau === 0 ? null : totalMs / mau / 60_000,
      seatUtilization: percent(seatUsers, seats),
      partial: false,
    };
  });
}
