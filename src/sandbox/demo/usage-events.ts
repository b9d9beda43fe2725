import type { FixtureUsageEvent } from '../fixture-schema';
import { addDays, daysBetween, instantAt } from './calendar';
import { featureCatalog } from './catalog';
import type { CompanyPlan, Disposition } from './company-plan';
import { isCustomerOn, productsOn, seatsOn, type ContractSpan } from './deal-plan';
import type { Random } from './random';

type Customer = Extract<CompanyPlan, { kind: 'customer' }>;

type UsageProfile = {
  activeShare: readonly [number, number];
  weeklySessions: number;
  eventsPerSession: readonly [number, number];
  features: number;
  /** Activity multiplier at the start and at the end of the window: a declining account fades. */
  trend: readonly [number, number];
};

// Tuned so 200 companies stay near 60k events (about 10 MB of fixture JSON).
const profiles: Record<Disposition, UsageProfile> = {
  champion: {
    activeShare: [0.75, 0.98],
    weeklySessions: 0.7,
    eventsPerSession: [1, 4],
    features: 9,
    trend: [0.9, 1.1],
  },
  steady: { activeShare: [0.45, 0.75], weeklySessions: 0.4, eventsPerSession: [1, 3], features: 5, trend: [1, 1] },
  at_risk: { activeShare: [0.15, 0.4], weeklySessions: 0.3, eventsPerSession: [1, 3], features: 3, trend: [1.3, 0.4] },
  dormant: { activeShare: [0, 0.08], weeklySessions: 0.15, eventsPerSession: [1, 2], features: 2, trend: [0.6, 0.2] },
  onboarding: {
    activeShare: [0.3, 0.7],
    weeklySessions: 0.6,
    eventsPerSession: [1, 4],
    features: 4,
    trend: [0.5, 1.2],
  },
};

// 120 days: a 30-day window on each of the last 90 days, so adoption held for 90 days can show.
export const usageWindowDays = 120;

function featuresFor(random: Random, owned: readonly string[], count: number) {
  const available = featureCatalog.filter((feature) => owned.includes(feature.product));
  // The first two core features are what everyone touches; breadth grows from there.
  const [first, second, ...rest] = available;
  const chosen = [first, second, ...random.shuffle(rest)].filter((feature) => feature !== undefined);
  return chosen.slice(0, Math.max(2, count)).map((feature) => [feature.event, feature.weight] as const);
}

function hexDigits(random: Random, length: number): string {
  let text = '';
  while (text.length < length) text += random.integer(0, 0xffff).toString(16).padStart(4, '0');
  return text.slice(0, length);
}

type UserPlan = { userId: string; personalRate: number; activationDay: string };

/** An onboarding account switches its users on one by one through its first 30 days. */
const onboardingActivationDay = (firstDay: string, user: number, activeUsers: number) =>
  addDays(firstDay, Math.floor((user / Math.max(1, activeUsers)) * 30));

type UsageContext = {
  company: Pick<CompanyPlan, 'id'>;
  profile: UsageProfile;
  features: readonly (readonly [string, number])[];
  sendsSessionIds: boolean;
};

const weekdayFactors = new Map<string, number>();
// Asked once per user and day: the day's factor is worked out once.
function weekdayFactorOf(day: string): number {
  let factor = weekdayFactors.get(day);
  if (factor === undefined) {
    factor = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? 0.15 : 1;
    weekdayFactors.set(day, factor);
  }
  return factor;
}

/** One user's session on `day`, if the user has one: every draw from `random`, in the same order each time. */
function userDayEvents(random: Random, context: UsageContext, user: UserPlan, day: string, trend: number) {
  const events: FixtureUsageEvent[] = [];
  if (day < user.activationDay) return events;
  const { profile, features, company } = context;
  const probability = Math.min(0.9, (profile.weeklySessions / 5) * user.personalRate * trend * weekdayFactorOf(day));
  if (!random.chance(probability)) return events;
  const sessionId = context.sendsSessionIds ? `s_${hexDigits(random, 12)}` : undefined;
  let second = random.integer(7 * 3600, 19 * 3600);
  const count = random.integer(profile.eventsPerSession[0], profile.eventsPerSession[1]);
  for (let index = 0; index < count; index += 1) {
    const timestamp = instantAt(day, second);
    const event: FixtureUsageEvent = {
      companyId: company.id,
      userId: user.userId,
      event: random.weighted(features),
      timestamp,
    };
    if (sessionId !== undefined && random.chance(0.97)) event.sessionId = sessionId;
    if (random.chance(0.85)) event.durationSeconds = random.integer(5, 600);
    events.push(event);
    second += random.integer(15, 420);
  }
  return events;
}

/**
 * A customer's usage over the 120 days before `asOf`, then on each day from `asOf` up to `until` (excluded) while
 * it is a customer. A day after `asOf` draws from its own generator (forked by company and day), so the usage of a
 * day is the same however far the demo has been carried on, and a later start loads only the new days' events.
 */
export function companyUsageEvents(
  company: Customer,
  spans: readonly ContractSpan[],
  random: Random,
  asOf: string,
  until: string = asOf,
): FixtureUsageEvent[] {
  const windowStart = addDays(asOf, -usageWindowDays);
  const days = Array.from({ length: usageWindowDays }, (_, offset) => addDays(windowStart, offset)).filter((day) =>
    isCustomerOn(spans, day),
  );
  const lastDay = days[days.length - 1];
  if (lastDay === undefined) return [];
  const profile = profiles[company.disposition];
  const seats = seatsOn(spans, lastDay, 'core');
  const features = featuresFor(random, productsOn(spans, lastDay), profile.features);
  const [leastShare, mostShare] = profile.activeShare;
  const activeUsers = Math.min(seats, Math.round(seats * (leastShare + random.next() * (mostShare - leastShare))));
  const context: UsageContext = { company, profile, features, sendsSessionIds: random.chance(0.8) };
  const accountSuffix = company.accountId.slice('acct_'.length);
  const firstDay = days[0] ?? lastDay;
  const users: UserPlan[] = [];
  const events: FixtureUsageEvent[] = [];

  for (let user = 0; user < activeUsers; user += 1) {
    const plan: UserPlan = {
      userId: `usr_${accountSuffix}_${String(user + 1).padStart(3, '0')}`,
      personalRate: 0.4 + random.next() * 1.2,
      activationDay:
        company.disposition === 'onboarding' ? onboardingActivationDay(firstDay, user, activeUsers) : firstDay,
    };
    users.push(plan);
    days.forEach((day, position) => {
      const progress = position / Math.max(1, days.length - 1);
      const trend = profile.trend[0] + (profile.trend[1] - profile.trend[0]) * progress;
      events.push(...userDayEvents(random, context, plan, day, trend));
    });
  }
  for (let day = asOf; day < until; day = addDays(day, 1)) {
    if (!isCustomerOn(spans, day)) continue;
    const dayRandom = random.fork(`${company.id} ${day}`);
    for (const user of users) events.push(...userDayEvents(dayRandom, context, user, day, profile.trend[1]));
  }
  return events;
}

/**
 * The usage of a prospect that signed after the demo's day, from its contract's start up to `until` (excluded): an
 * onboarding account's users switched on one by one over its first weeks, its activity growing as it settles. Every
 * draw comes from the company's own generators (its users, then each day's), so each day is the same however far the
 * demo has been carried on.
 */
export function newCustomerUsageEvents(
  company: Pick<CompanyPlan, 'id'>,
  spans: readonly ContractSpan[],
  random: Random,
  until: string,
): FixtureUsageEvent[] {
  const firstDay = spans.reduce((earliest, span) => (span.startDate < earliest ? span.startDate : earliest), until);
  if (firstDay >= until) return [];
  const profile = profiles.onboarding;
  const companyRandom = random.fork(`${company.id} users`);
  const seats = seatsOn(spans, firstDay, 'core');
  const [leastShare, mostShare] = profile.activeShare;
  const activeUsers = Math.max(1, Math.round(seats * (leastShare + companyRandom.next() * (mostShare - leastShare))));
  const context: UsageContext = {
    company,
    profile,
    features: featuresFor(companyRandom, productsOn(spans, firstDay), profile.features),
    sendsSessionIds: companyRandom.chance(0.8),
  };
  const users: UserPlan[] = Array.from({ length: activeUsers }, (_, user) => ({
    userId: `usr_${company.id}_${String(user + 1).padStart(3, '0')}`,
    personalRate: 0.4 + companyRandom.next() * 1.2,
    activationDay: onboardingActivationDay(firstDay, user, activeUsers),
  }));
  const events: FixtureUsageEvent[] = [];
  for (let day = firstDay; day < until; day = addDays(day, 1)) {
    if (!isCustomerOn(spans, day)) continue;
    const dayRandom = random.fork(`${company.id} ${day}`);
    // Growing from the profile's start to its settled level over the first 60 days.
    const settling = Math.min(1, daysBetween(firstDay, day) / 60);
    const trend = profile.trend[0] + (profile.trend[1] - profile.trend[0]) * settling;
    for (const user of users) events.push(...userDayEvents(dayRandom, context, user, day, trend));
  }
  return events;
}
