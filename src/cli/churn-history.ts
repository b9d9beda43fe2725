import { z } from 'zod';
import type { Contract } from '../domain/contracts/contract-schema';
import type { CompanyHistory, Milestone, SurveyAnswer, UsageDay } from '../domain/risk/company-history';
import { addDays, addMonths, daysBetween } from '../sandbox/demo/calendar';
import { churnProcessSchema, decideChurn, standardNormal } from './churn-process';
import { createRandom, type Random } from '../sandbox/demo/random';

export const churnHistoryOptionsSchema = z.object({
  seed: z.number().int().default(42),
  companies: z.number().int().min(1).max(20_000).default(2_500),
  asOf: z.iso.date().default('2026-11-01'),
  years: z.number().int().min(2).max(10).default(5),
  process: churnProcessSchema.prefault({}),
});
export type ChurnHistoryOptions = z.input<typeof churnHistoryOptionsSchema>;

const features = ['dashboards', 'reports', 'exports', 'alerts', 'automations', 'integrations', 'api'];
const milestoneOffsets = [14, 30, 45, 60, 90];

type Term = { start: string; end: string; seats: number; utilization: number };

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/** One usage day a week (the day of the week the account is busiest) keeps years of history small. */
function termUsage(term: Term, users: readonly string[][], random: Random, asOf: string): UsageDay[] {
  const days: UsageDay[] = [];
  for (let day = addDays(term.start, random.integer(0, 6)); day < term.end && day < asOf; day = addDays(day, 7)) {
    const weekShare = Math.min(1, Math.max(0, term.utilization * (0.85 + random.next() * 0.3)));
    const active = users[Math.round(term.seats * weekShare)] ?? [];
    const used = features.slice(0, 1 + Math.round(weekShare * (features.length - 1)));
    days.push({
      day,
      users: active,
      features: used,
      sessionMinutes: Math.round(active.length * (20 + 40 * weekShare)),
    });
  }
  return days;
}

function quarterlyNps(term: Term, engagement: number, random: Random, asOf: string): SurveyAnswer[] {
  const answers: SurveyAnswer[] = [];
  for (let quarter = term.start; quarter < term.end; quarter = addMonths(quarter, 3)) {
    const day = addDays(quarter, random.integer(0, 89));
    if (day >= term.end || day >= asOf || !random.chance(0.6)) continue;
    const score = Math.min(10, Math.max(0, Math.round(7.2 + 1.8 * engagement + 1.5 * standardNormal(random))));
    answers.push({ kind: 'nps', score, submittedOn: day });
  }
  return answers;
}

function latestNpsBefore(answers: readonly SurveyAnswer[], day: string): number | null {
  const seen = answers.filter((answer) => answer.submittedOn <= day && daysBetween(answer.submittedOn, day) < 365);
  return seen.length === 0 ? null : (seen[seen.length - 1]?.score ?? null);
}

function onboarding(start: string, engagement: number, random: Random): Milestone[] {
  const slip = Math.max(0, Math.round(10 - 12 * engagement + 8 * standardNormal(random)));
  return milestoneOffsets.map((offset) => ({
    dueDate: addDays(start, offset),
    doneOn: addDays(start, Math.max(1, offset - 7 + slip)),
    required: true,
  }));
}

function companyHistory(
  index: number,
  options: z.infer<typeof churnHistoryOptionsSchema>,
  random: Random,
): CompanyHistory {
  const { asOf, process } = options;
  const companyId = String(40_100_000_001 + index * 7);
  const historyStart = addMonths(asOf, -12 * options.years);
  const firstStart = addDays(historyStart, random.integer(0, daysBetween(historyStart, asOf) - 120));
  const seats = random.integer(5, 40);
  const priceCents = random.integer(20, 60) * 100;
  const pool = Array.from({ length: seats }, (_, user) => `${companyId}-u${user + 1}`);
  // The first n users of the pool, shared between weeks so years of history stay small in memory.
  const users = Array.from({ length: seats + 1 }, (_, count) => pool.slice(0, count));
  let engagement = standardNormal(random);
  const milestones = onboarding(firstStart, engagement, random);
  const contracts: Contract[] = [];
  const usageDays: UsageDay[] = [];
  const surveys: SurveyAnswer[] = [];
  let term: Term = { start: firstStart, end: addMonths(firstStart, 12), seats, utilization: 0 };
  let kind: Contract['kind'] = 'new';
  let closeDate = addDays(firstStart, -random.integer(0, 20));
  for (;;) {
    term = { ...term, utilization: sigmoid(0.3 + 1.3 * engagement + 0.3 * standardNormal(random)) };
    contracts.push({
      dealId: `${companyId}-${contracts.length + 1}`,
      companyId,
      kind,
      product: 'core',
      mrrMinor: term.seats * priceCents,
      startDate: term.start,
      endDate: term.end,
      seats: term.seats,
      closeDate,
    });
    usageDays.push(...termUsage(term, users, random, asOf));
    surveys.push(...quarterlyNps(term, engagement, random, asOf));
    const renewalClose = addDays(term.end, -random.integer(3, 25));
    if (renewalClose > asOf) break;
    const signals = {
      seatUtilization: term.utilization,
      latestNps: latestNpsBefore(surveys, addDays(term.end, -process.leadDays)),
      firstRenewal: contracts.length === 1,
      downgraded: kind === 'downgrade',
    };
    if (decideChurn(process, signals, random)) break;
    const downgrade = engagement < -0.8 && random.chance(0.4);
    const nextSeats = downgrade
      ? Math.max(3, Math.round(term.seats * 0.7))
      : engagement > 0.8 && random.chance(0.3)
        ? Math.min(seats, term.seats + 2)
        : term.seats;
    kind = nextSeats < term.seats ? 'downgrade' : 'renewal';
    closeDate = renewalClose;
    term = { start: term.end, end: addMonths(term.end, 12), seats: nextSeats, utilization: 0 };
    engagement = 0.7 * engagement + Math.sqrt(1 - 0.49) * standardNormal(random);
  }
  return { companyId, contracts, usageDays, surveys, handoffDate: firstStart, milestones, healthScores: [] };
}

/**
 * Product-side histories (contracts, weekly usage, NPS answers, onboarding) of yearly customers whose
 * churn follows a known process (`process.kind`: `features` or `random`), for backtests with a known truth.
 * The same options always give the same histories.
 */
export function generateChurnHistories(options: ChurnHistoryOptions = {}): CompanyHistory[] {
  const parsed = churnHistoryOptionsSchema.parse(options);
  const random = createRandom(parsed.seed).fork(`churn-${parsed.process.kind}`);
  return Array.from({ length: parsed.companies }, (_, index) =>
    companyHistory(index, parsed, random.fork(String(index))),
  );
}
