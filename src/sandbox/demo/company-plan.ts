import { addDays, daysBetween } from './calendar';
import {
  cities,
  employeeRange,
  industries,
  industryNameSuffixes,
  nameFirstWords,
  nameSecondWords,
  type Tier,
} from './catalog';
import type { Random } from './random';

/** How a customer behaves over its life: drives renewals, expansion, usage and sentiment. */
export type Disposition = 'champion' | 'steady' | 'at_risk' | 'dormant' | 'onboarding';

export type CompanyPlan = {
  id: string;
  name: string;
  domain: string;
  industry: (typeof industries)[number];
  tier: Tier;
  employees: number;
  city: string;
  country: string;
  salesOwnerId: string;
  customerSuccessOwnerId: string;
  createdDate: string;
} & (
  | { kind: 'customer'; accountId: string; disposition: Disposition; firstCloseDate: string }
  | { kind: 'prospect'; stage: 'lead' | 'opportunity' }
);

export type CompanyPlanContext = {
  random: Random;
  count: number;
  historyStart: string;
  asOf: string;
  salesOwnerIds: readonly string[];
  customerSuccessOwnerIds: readonly string[];
};

const prospectShare = 0.25;
const recentOnboardingShare = 0.07;
const launchCohortShare = 0.25;

function uniqueName(random: Random, industry: (typeof industries)[number], taken: Set<string>): string {
  for (let attempt = 0; ; attempt += 1) {
    const second = random.pick(nameSecondWords);
    const base = second === '' ? random.pick(nameFirstWords) : `${random.pick(nameFirstWords)}${second.toLowerCase()}`;
    const suffix = random.pick(industryNameSuffixes[industry]);
    const name = attempt < 20 ? `${base} ${suffix}` : `${base} ${suffix} ${attempt}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function domainFor(random: Random, name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .split(' ');
  const stem = random.chance(0.5) ? words.join('') : words.join('-');
  return `${stem}${random.pick(['.com', '.com', '.com', '.io', '.co', '.net'])}`;
}

function accountIdFor(random: Random, taken: Set<string>): string {
  for (;;) {
    const id = `acct_${random
      .integer(0, 36 ** 6 - 1)
      .toString(36)
      .padStart(6, '0')}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function firstCloseDate(random: Random, context: CompanyPlanContext, disposition: Disposition): string {
  const span = daysBetween(context.historyStart, context.asOf);
  if (disposition === 'onboarding') return addDays(context.asOf, -random.integer(3, 58));
  // A launch cohort early in the window gives the book a realistic size from the first months.
  if (random.chance(launchCohortShare)) return addDays(context.historyStart, random.integer(0, 90));
  return addDays(context.historyStart, random.integer(0, span - 75));
}

export function planCompanies(context: CompanyPlanContext): CompanyPlan[] {
  const { random } = context;
  const names = new Set<string>();
  const accountIds = new Set<string>();
  return Array.from({ length: context.count }, (_, index): CompanyPlan => {
    const tier = random.weighted<Tier>([
      ['smb', 55],
      ['mid_market', 33],
      ['enterprise', 12],
    ]);
    const industry = random.pick(industries);
    const name = uniqueName(random, industry, names);
    const [city, country] = random.pick(cities);
    const [minimumEmployees, maximumEmployees] = employeeRange[tier];
    const base = {
      id: String(30_100_000_001 + index * 7),
      name,
      domain: domainFor(random, name),
      industry,
      tier,
      employees: random.integer(minimumEmployees, maximumEmployees),
      city,
      country,
      salesOwnerId: context.salesOwnerIds[index % context.salesOwnerIds.length] ?? '',
      customerSuccessOwnerId: random.pick(context.customerSuccessOwnerIds),
    };
    if (random.chance(prospectShare)) {
      const createdDate = addDays(context.asOf, -random.integer(5, daysBetween(context.historyStart, context.asOf)));
      return { ...base, kind: 'prospect', stage: random.chance(0.6) ? 'opportunity' : 'lead', createdDate };
    }
    const disposition = random.chance(recentOnboardingShare)
      ? 'onboarding'
      : random.weighted<Disposition>([
          ['champion', 30],
          ['steady', 40],
          ['at_risk', 20],
          ['dormant', 10],
        ]);
    const closeDate = firstCloseDate(random, context, disposition);
    return {
      ...base,
      kind: 'customer',
      accountId: accountIdFor(random, accountIds),
      disposition,
      firstCloseDate: closeDate,
      createdDate: addDays(closeDate, -random.integer(30, 240)),
    };
  });
}
