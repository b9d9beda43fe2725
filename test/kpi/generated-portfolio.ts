import fc from 'fast-check';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import { insertSurveyResponses } from '../../src/db/repositories/usage-events-repository';
import type { Database } from '../../src/db/client';
import { onboardingMilestones, onboardingRecords } from '../../src/db/schema';
import type { Contract } from '../../src/domain/contracts/contract-schema';
import type { KpiInput } from '../../src/domain/kpi/kpi-input';
import { beforeTrackingActor, onboardingCompletedOn } from '../../src/domain/lifecycle/onboarding';
import { addDays } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { defaultIngestionSettings } from '../../src/domain/usage/ingestion-settings';
import { storeMatched } from '../../src/services/ingestion/ingest-events';
import { assignCsmAtHandoff } from '../support/csm-assignment';

// Small portfolios around 2025-2026 with the edges that matter: contracts starting or ending on the 1st,
// zero MRR, other products, events near midnight and month ends, milestones done before or after as-of.

const base = '2025-01-01';
const dayOffset = fc.oneof(
  fc.integer({ min: 0, max: 560 }),
  fc.constantFrom(0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365, 396, 424, 455, 485, 516, 546),
);
const companyIds = ['c1', 'c2', 'c3', 'c4', 'c5'];
const maybe = <Value>(values: Value[]) => fc.constantFrom<Value | null>(...values, null);

const companyArbitrary = fc.record({
  ownerId: maybe(['o1', 'o2']),
  // A CSM assigned at hand-off while the company kept its (sales) owner: the owner cut groups by the CSM.
  csmOwnerId: maybe(['o2', 'o3']),
  industry: maybe(['retail', 'media']),
  tier: maybe(['smb', 'enterprise']),
  lifecycleStage: maybe(['customer', 'other']),
});
const contractArbitrary = fc.record({
  companyId: fc.constantFrom(...companyIds),
  kind: fc.constantFrom<Contract['kind']>('new', 'new', 'renewal', 'upsell', 'cross_sell', 'downgrade'),
  product: fc.constantFrom('core', 'core', 'analytics'),
  mrrMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90_000 })),
  start: dayOffset,
  lengthDays: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constantFrom(28, 31, 365)),
  closeBefore: fc.integer({ min: 0, max: 20 }),
  seats: maybe([0, 3, 10, 25]),
});
const instant = fc.record({
  day: dayOffset,
  minute: fc.oneof(fc.integer({ min: 0, max: 1_439 }), fc.constantFrom(0, 1_439)),
});
const eventArbitrary = fc.record({
  companyId: fc.constantFrom(...companyIds),
  userId: fc.constantFrom('u1', 'u2', 'u3'),
  at: instant,
  sessionId: maybe(['s1', 's2']),
  durationSeconds: maybe([0, 30, 600, 2_400]),
});
// A user active on several days around a month's first day: seat and week windows that span or touch a
// month's edge see the same user in both months, or only on the edge's days.
const monthStarts = [31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365, 396, 424, 455, 485, 516, 546];
export const activeRunArbitrary = fc.record({
  companyId: fc.constantFrom(...companyIds),
  userId: fc.constantFrom('u1', 'u2', 'u3'),
  monthStart: fc.constantFrom(...monthStarts),
  days: fc.subarray([-31, -30, -29, -28, -7, -2, -1, 0, 1, 2, 6, 16, 18, 20, 22, 24, 26, 27, 28, 29], {
    minLength: 1,
    maxLength: 3,
  }),
  minute: fc.constantFrom(0, 720, 1_439),
});
const surveyArbitrary = fc.oneof(
  fc.record({
    companyId: fc.constantFrom(...companyIds),
    kind: fc.constant<'nps'>('nps'),
    score: fc.integer({ min: 0, max: 10 }),
    at: instant,
  }),
  fc.record({
    companyId: fc.constantFrom(...companyIds),
    kind: fc.constant<'csat'>('csat'),
    score: fc.integer({ min: 1, max: 5 }),
    at: instant,
  }),
);
const onboardingArbitrary = fc.record({
  handoff: dayOffset,
  milestones: fc.array(
    fc.record({
      required: fc.boolean(),
      doneAfter: maybe([0, 5, 40, 95, 200]),
      // Recorded as done when the app opened the onboarding late (an existing customer at install).
      beforeTracking: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
});

export const generatedPortfolioArbitrary = fc.record({
  timeZone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Tokyo'),
  companies: fc.array(companyArbitrary, { minLength: 5, maxLength: 5 }),
  contracts: fc.array(contractArbitrary, { maxLength: 12 }),
  events: fc.array(eventArbitrary, { maxLength: 20 }),
  activeRuns: fc.array(activeRunArbitrary, { maxLength: 4 }),
  surveys: fc.array(surveyArbitrary, { maxLength: 8 }),
  onboardings: fc.array(fc.option(onboardingArbitrary, { nil: null }), { minLength: 5, maxLength: 5 }),
});

export type GeneratedPortfolio = typeof generatedPortfolioArbitrary extends fc.Arbitrary<infer Value> ? Value : never;

const instantOf = ({ day, minute }: { day: number; minute: number }) =>
  Date.parse(`${addDays(base, day)}T00:00:00Z`) + minute * 60_000;

/** Stores the portfolio the way sync and ingestion leave it, and returns the reference's input over the same data. */
export async function seedGeneratedPortfolio(
  db: Database,
  portalId: number,
  portfolio: GeneratedPortfolio,
  asOfDate: string,
): Promise<KpiInput> {
  const { timeZone } = portfolio;
  const companies = portfolio.companies.map((company, index) => ({ id: companyIds[index] ?? '', ...company }));
  await upsertCompanies(
    db,
    companies.map(({ csmOwnerId: _csm, ...company }) => ({ portalId, name: company.id, ...company })),
  );
  for (const company of companies)
    if (company.csmOwnerId !== null) await assignCsmAtHandoff(db, portalId, company.id, company.csmOwnerId);
  const contracts: Contract[] = portfolio.contracts.map((contract, index) => ({
    dealId: `d${index}`,
    companyId: contract.companyId,
    kind: contract.kind,
    product: contract.product,
    mrrMinor: contract.mrrMinor,
    startDate: addDays(base, contract.start),
    endDate: addDays(base, contract.start + contract.lengthDays),
    seats: contract.seats,
    closeDate: addDays(base, contract.start - contract.closeBefore),
  }));
  await replaceContractsForDeals(
    db,
    portalId,
    contracts.map((contract) => contract.dealId),
    contracts.map((contract) => ({ portalId, ...contract })),
  );
  const runEvents = portfolio.activeRuns.flatMap((run) =>
    run.days.map((day) => ({
      companyId: run.companyId,
      userId: run.userId,
      at: { day: run.monthStart + day, minute: run.minute },
      sessionId: null,
      durationSeconds: null,
    })),
  );
  const events = [...portfolio.events, ...runEvents].map((event, index) => ({
    ...event,
    messageId: `m${index}`,
    occurredAt: instantOf(event.at),
  }));
  await db.transaction((transaction) =>
    storeMatched(
      transaction,
      { db, portalId, timeZone, settings: defaultIngestionSettings },
      events.map((event) => ({ ...event, event: 'page.view', properties: {} })),
    ),
  );
  const surveys = portfolio.surveys.map((survey, index) => ({
    ...survey,
    id: `r${index}`,
    submittedAt: new Date(instantOf(survey.at)),
  }));
  await insertSurveyResponses(
    db,
    surveys.map(({ at: _at, ...survey }) => ({ portalId, ...survey, contactId: null, source: 'test' })),
  );
  const onboardings = portfolio.onboardings.flatMap((onboarding, index) =>
    onboarding === null ? [] : [{ companyId: companyIds[index] ?? '', ...onboarding }],
  );
  const records = onboardings.map((onboarding) => {
    const handoffDate = addDays(base, onboarding.handoff);
    const milestones = onboarding.milestones.map((milestone, position) => ({
      key: `step_${position}`,
      label: `Step ${position}`,
      required: milestone.required,
      dueDate: addDays(handoffDate, 30),
      // Done late in the portal's evening, so the portal's day and UTC's differ.
      doneAt:
        milestone.doneAfter === null
          ? null
          : new Date(Date.parse(`${addDays(handoffDate, milestone.doneAfter)}T23:30:00Z`)),
      doneBy: milestone.doneAfter !== null && milestone.beforeTracking ? beforeTrackingActor : null,
    }));
    return { companyId: onboarding.companyId, handoffDate, milestones };
  });
  for (const record of records) {
    await db
      .insert(onboardingRecords)
      .values({ portalId, companyId: record.companyId, handoffDate: record.handoffDate, touchModel: 'low_touch' });
    if (record.milestones.length > 0) {
      await db.insert(onboardingMilestones).values(
        record.milestones.map((milestone, position) => ({
          portalId,
          companyId: record.companyId,
          position,
          ...milestone,
          doneAt: milestone.doneAt?.toISOString() ?? null,
        })),
      );
    }
  }
  return {
    companies,
    contracts,
    usageEvents: events.map((event) => ({
      companyId: event.companyId,
      userId: event.userId,
      timestamp: new Date(event.occurredAt).toISOString(),
      sessionId: event.sessionId,
      durationSeconds: event.durationSeconds,
    })),
    surveyResponses: surveys.map((survey) => ({
      companyId: survey.companyId,
      kind: survey.kind,
      score: survey.score,
      submittedAt: survey.submittedAt.toISOString(),
    })),
    onboardings: records.map((record) => ({
      companyId: record.companyId,
      startedOn: record.handoffDate,
      completedOn: referenceCompletion(record, asOfDate, timeZone),
      // An onboarding with milestones assumed done before the app tracked it is not counted by the onboarding KPIs.
      trackedFromHandoff: record.milestones.every((milestone) => milestone.doneBy !== beforeTrackingActor),
    })),
    asOfDate,
    coreProductId: 'core',
  };
}

/** The lifecycle domain's completion day (§4: every required milestone done), never before the hand-off. */
function referenceCompletion(
  record: {
    handoffDate: string;
    milestones: {
      required: boolean;
      dueDate: string;
      doneAt: Date | null;
      doneBy: string | null;
      key: string;
      label: string;
    }[];
  },
  asOf: string,
  timeZone: string,
): string | null {
  const completedOn = onboardingCompletedOn(
    {
      handoffDate: record.handoffDate,
      milestones: record.milestones.map((milestone) => ({
        ...milestone,
        doneDate: milestone.doneAt === null ? null : instantToLocalDate(milestone.doneAt.getTime(), timeZone),
      })),
    },
    asOf,
  );
  return completedOn === null || completedOn >= record.handoffDate ? completedOn : record.handoffDate;
}
