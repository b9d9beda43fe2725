import { closedWonStageIds } from '../domain/contracts/closed-won';
import type { Contract } from '../domain/contracts/contract-schema';
import { dealToContract } from '../domain/contracts/deal-to-contract';
import { buildSessions } from '../domain/kpi/sessions';
import { kpiSettingsSchema } from '../domain/kpi/kpi-settings';
import type { CompanyHistory, UsageDay } from '../domain/risk/company-history';
import { instantToLocalDate, parseInstant } from '../domain/time/time-zone';
import { defaultSalesPipeline, type Fixture } from '../sandbox/fixture-schema';

type DayAggregate = { users: Set<string>; features: Set<string>; minutes: number };

/**
 * A sandbox fixture read the way the product would store it after a sync and ingestion: closed-won
 * deals as contracts (domain §1.1), usage as daily users, features and session minutes, survey answers.
 * Fixtures carry no onboarding milestones or health history.
 */
export function fixtureHistories(fixture: Fixture): CompanyHistory[] {
  const timeZone = fixture.portal.timeZone;
  const pipelines = [
    defaultSalesPipeline,
    ...fixture.pipelines.filter((pipeline) => pipeline.id !== defaultSalesPipeline.id),
  ];
  const stageIds = closedWonStageIds(pipelines);
  const contracts = new Map<string, Contract[]>();
  for (const deal of fixture.deals) {
    const result = dealToContract(
      { id: deal.id, properties: deal.properties, companyIds: deal.companyIds },
      { timeZone, closedWonStageIds: stageIds },
    );
    if (result.isContract)
      contracts.set(result.contract.companyId, [...(contracts.get(result.contract.companyId) ?? []), result.contract]);
  }
  const localized = fixture.usageEvents.flatMap((event) => {
    const at = parseInstant(event.timestamp);
    if (at === null) return [];
    return [
      {
        companyId: event.companyId,
        userId: event.userId,
        at,
        localDate: instantToLocalDate(at, timeZone),
        sessionId: event.sessionId ?? null,
        durationMilliseconds: (event.durationSeconds ?? 0) * 1000,
        feature: event.event,
      },
    ];
  });
  const days = new Map<string, Map<string, DayAggregate>>();
  const dayOf = (companyId: string, day: string): DayAggregate => {
    const company = days.get(companyId) ?? new Map<string, DayAggregate>();
    days.set(companyId, company);
    const aggregate = company.get(day) ?? { users: new Set<string>(), features: new Set<string>(), minutes: 0 };
    company.set(day, aggregate);
    return aggregate;
  };
  for (const event of localized) {
    const aggregate = dayOf(event.companyId, event.localDate);
    aggregate.users.add(event.userId);
    aggregate.features.add(event.feature);
  }
  for (const session of buildSessions(localized, kpiSettingsSchema.parse({}).sessions)) {
    dayOf(session.companyId, session.startDate).minutes += session.lengthMilliseconds / 60_000;
  }
  const companyIds = new Set([...contracts.keys()]);
  return [...companyIds].sort().map((companyId) => {
    const usageDays: UsageDay[] = [...(days.get(companyId) ?? new Map<string, DayAggregate>()).entries()]
      .sort(([first], [second]) => (first < second ? -1 : 1))
      .map(([day, aggregate]) => ({
        day,
        users: [...aggregate.users],
        features: [...aggregate.features],
        sessionMinutes: aggregate.minutes,
      }));
    const surveys = fixture.surveys
      .filter((survey) => survey.companyId === companyId)
      .flatMap((survey) => {
        const at = parseInstant(survey.submittedAt);
        return at === null
          ? []
          : [{ kind: survey.kind, score: survey.score, submittedOn: instantToLocalDate(at, timeZone) }];
      });
    return {
      companyId,
      contracts: contracts.get(companyId) ?? [],
      usageDays,
      surveys,
      handoffDate: null,
      milestones: [],
      healthScores: [],
    };
  });
}
