import type { Contract } from '../contracts/contract-schema';
import { companyMrrOnDay, isContractActiveOn } from '../contracts/company-mrr';
import { addDays, daysBetween, type CalendarDate } from '../time/calendar-date';
import type { CompanyHistory, SurveyAnswer, UsageDay } from './company-history';

const windowDays = 30;
const baselineDays = 90;
const surveyMaxAgeDays = 365;

export type DatedScore = { score: number; submittedOn: CalendarDate };

/** What the product knew about a company at the end of `asOf`: every measure reads only items dated on or before it. */
export type CompanySnapshot = {
  asOf: CalendarDate;
  activeUsers: number;
  previousActiveUsers: number;
  coreSeats: number | null;
  minutesPerActiveUser: number | null;
  baselineMinutesPerActiveUser: number | null;
  featuresUsed: number;
  latestNps: DatedScore | null;
  latestCsat: DatedScore | null;
  milestones: { done: number; onTrack: number; behind: number } | null;
  tenureDays: number | null;
  mrrMinor: number;
  mrr90DaysAgoMinor: number;
  downgradesLastYear: number;
  nextRenewalDate: CalendarDate | null;
  healthScore: number | null;
  healthScore30DaysAgo: number | null;
};

/** Days in (to - length, to], the window ending on `to`. */
function daysWithin(usageDays: readonly UsageDay[], to: CalendarDate, length: number): UsageDay[] {
  const from = addDays(to, -length);
  return usageDays.filter((usage) => usage.day > from && usage.day <= to);
}

function distinctUsers(days: readonly UsageDay[]): number {
  return new Set(days.flatMap((usage) => usage.users)).size;
}

function minutesPerUser(days: readonly UsageDay[]): number | null {
  const users = distinctUsers(days);
  return users === 0 ? null : days.reduce((sum, usage) => sum + usage.sessionMinutes, 0) / users;
}

function latestAnswer(
  surveys: readonly SurveyAnswer[],
  kind: SurveyAnswer['kind'],
  asOf: CalendarDate,
): DatedScore | null {
  const oldest = addDays(asOf, -surveyMaxAgeDays);
  let latest: SurveyAnswer | null = null;
  for (const answer of surveys) {
    if (answer.kind !== kind || answer.submittedOn > asOf || answer.submittedOn <= oldest) continue;
    if (latest === null || answer.submittedOn >= latest.submittedOn) latest = answer;
  }
  return latest === null ? null : { score: latest.score, submittedOn: latest.submittedOn };
}

function scoreOn(history: CompanyHistory['healthScores'], day: CalendarDate, toleranceDays: number): number | null {
  const oldest = addDays(day, -toleranceDays);
  let best: { day: CalendarDate; score: number } | null = null;
  for (const entry of history) {
    if (entry.day <= day && entry.day >= oldest && (best === null || entry.day > best.day)) best = entry;
  }
  return best?.score ?? null;
}

function milestoneStates(history: CompanyHistory, asOf: CalendarDate): CompanySnapshot['milestones'] {
  if (history.handoffDate === null || history.handoffDate > asOf) return null;
  const required = history.milestones.filter((milestone) => milestone.required);
  if (required.length === 0) return null;
  const done = required.filter((milestone) => milestone.doneOn !== null && milestone.doneOn <= asOf).length;
  const behind = required.filter(
    (milestone) => (milestone.doneOn === null || milestone.doneOn > asOf) && milestone.dueDate < asOf,
  ).length;
  return { done, behind, onTrack: required.length - done - behind };
}

function coreSeatsOn(contracts: readonly Contract[], asOf: CalendarDate, coreProduct: string): number | null {
  const withSeats = contracts.filter(
    (contract) => contract.product === coreProduct && contract.seats !== null && isContractActiveOn(contract, asOf),
  );
  const seats = withSeats.reduce((sum, contract) => sum + (contract.seats ?? 0), 0);
  return seats > 0 ? seats : null;
}

export function companySnapshot(history: CompanyHistory, asOf: CalendarDate, coreProduct = 'core'): CompanySnapshot {
  const contracts = history.contracts.filter((contract) => contract.closeDate <= asOf);
  const recent = daysWithin(history.usageDays, asOf, windowDays);
  const previous = daysWithin(history.usageDays, addDays(asOf, -windowDays), windowDays);
  const baseline = daysWithin(history.usageDays, addDays(asOf, -windowDays), baselineDays);
  const started = contracts
    .filter((contract) => contract.startDate <= asOf)
    .map((contract) => contract.startDate)
    .sort();
  const upcomingEnds = contracts
    .filter((contract) => isContractActiveOn(contract, asOf))
    .map((contract) => contract.endDate)
    .sort();
  const yearAgo = addDays(asOf, -365);
  return {
    asOf,
    activeUsers: distinctUsers(recent),
    previousActiveUsers: distinctUsers(previous),
    coreSeats: coreSeatsOn(contracts, asOf, coreProduct),
    minutesPerActiveUser: minutesPerUser(recent),
    baselineMinutesPerActiveUser: minutesPerUser(baseline),
    featuresUsed: new Set(recent.flatMap((usage) => usage.features)).size,
    latestNps: latestAnswer(history.surveys, 'nps', asOf),
    latestCsat: latestAnswer(history.surveys, 'csat', asOf),
    milestones: milestoneStates(history, asOf),
    tenureDays: started[0] === undefined ? null : daysBetween(started[0], asOf),
    mrrMinor: companyMrrOnDay(contracts, asOf),
    mrr90DaysAgoMinor: companyMrrOnDay(contracts, addDays(asOf, -90)),
    downgradesLastYear: contracts.filter((contract) => contract.kind === 'downgrade' && contract.closeDate > yearAgo)
      .length,
    nextRenewalDate: upcomingEnds[0] ?? null,
    healthScore: scoreOn(history.healthScores, asOf, 7),
    healthScore30DaysAgo: scoreOn(history.healthScores, addDays(asOf, -30), 7),
  };
}
