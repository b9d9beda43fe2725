import type { HealthBand } from '../health/health-band';
import { healthChangeSince } from '../health/health-change';
import type { HealthExplanation } from '../health/health-score';
import { daysBetween, isDateWithin, type CalendarDate } from '../time/calendar-date';
import type { DigestPeriod } from './digest-schedule';
import type { BandChange, Digest, DigestRecipient, DigestRenewal, DigestRun } from './digest-schema';

export interface ScoredDay {
  readonly date: CalendarDate;
  readonly score: number;
  readonly band: HealthBand;
  readonly explanation: HealthExplanation | null;
}

export interface DigestFacts {
  readonly portalId: number;
  readonly currency: string;
  /** Per company: its name and its CSM (the owner assigned at hand-off, else the company's owner). */
  readonly companies: ReadonlyMap<string, { readonly name: string | null; readonly csmId: string | null }>;
  /** Per company: its last score before the period, and its last score by the period's end. */
  readonly scores: readonly {
    readonly companyId: string;
    readonly before: ScoredDay | null;
    readonly now: ScoredDay | null;
  }[];
  readonly runs: readonly {
    readonly runId: string;
    readonly playbookName: string;
    readonly companyId: string;
    readonly openedOn: CalendarDate;
    readonly open: boolean;
    readonly tasks: readonly {
      readonly title: string;
      readonly dueOn: CalendarDate | null;
      readonly completed: boolean;
    }[];
  }[];
  /** Renewals due from the send day on (the caller reads 30 days ahead). */
  readonly renewals: readonly {
    readonly companyId: string;
    readonly renewalDate: CalendarDate;
    readonly amountMinor: number;
    readonly healthBand: HealthBand | null;
  }[];
}

export const renewalHorizonDays = 30;

const bandRank: Record<HealthBand, number> = { red: 0, yellow: 1, green: 2 };

function bandChangeOf(
  companyId: string,
  companyName: string,
  before: ScoredDay | null,
  now: ScoredDay | null,
): BandChange | null {
  if (before === null || now === null || before.band === now.band) return null;
  const drivers = now.explanation === null ? [] : healthChangeSince(now.explanation, before.explanation).drivers;
  const [top] = drivers;
  return {
    companyId,
    companyName,
    bandBefore: before.band,
    bandNow: now.band,
    scoreBefore: before.score,
    scoreNow: now.score,
    driver: top === undefined ? null : { component: top.component, pointsChange: top.pointsChange },
  };
}

/**
 * One recipient's digest for one period: companies whose health band changed over it (worsened first) with the
 * component that moved most, playbook runs opened in it, open runs with tasks overdue on the send day, and
 * renewals due within 30 days of it. A CSM sees the companies they look after; a manager sees every company.
 */
export function composeDigest(recipient: DigestRecipient, period: DigestPeriod, facts: DigestFacts): Digest {
  const inScope = (companyId: string) =>
    recipient.ownerId === null || facts.companies.get(companyId)?.csmId === recipient.ownerId;
  const nameOf = (companyId: string) => facts.companies.get(companyId)?.name ?? `Company ${companyId}`;

  const bandChanges = facts.scores
    .filter((entry) => inScope(entry.companyId))
    .flatMap((entry) => bandChangeOf(entry.companyId, nameOf(entry.companyId), entry.before, entry.now) ?? [])
    .sort(
      (first, second) =>
        bandRank[first.bandNow] -
          bandRank[first.bandBefore] -
          (bandRank[second.bandNow] - bandRank[second.bandBefore]) ||
        first.companyName.localeCompare(second.companyName),
    );

  const runs = facts.runs.filter((run) => inScope(run.companyId));
  const runOf = (run: (typeof runs)[number]): DigestRun => ({
    runId: run.runId,
    playbookName: run.playbookName,
    companyId: run.companyId,
    companyName: nameOf(run.companyId),
    openedOn: run.openedOn,
    overdueTasks: run.tasks
      .flatMap((task) =>
        !task.completed && task.dueOn !== null && task.dueOn < period.sentOn
          ? [{ title: task.title, dueOn: task.dueOn }]
          : [],
      )
      .sort((first, second) => first.dueOn.localeCompare(second.dueOn)),
  });
  const byOpened = (first: DigestRun, second: DigestRun) =>
    first.openedOn.localeCompare(second.openedOn) || first.companyName.localeCompare(second.companyName);
  const runsOpened = runs
    .filter((run) => isDateWithin(run.openedOn, period.firstDay, period.lastDay))
    .map(runOf)
    .sort(byOpened);
  const runsOverdue = runs
    .filter((run) => run.open)
    .map(runOf)
    .filter((run) => run.overdueTasks.length > 0)
    .sort(byOpened);

  const renewals: DigestRenewal[] = facts.renewals
    .filter((renewal) => inScope(renewal.companyId))
    .map((renewal) => ({ ...renewal, daysToRenewal: daysBetween(period.sentOn, renewal.renewalDate) }))
    .filter((renewal) => renewal.daysToRenewal >= 0 && renewal.daysToRenewal <= renewalHorizonDays)
    .map((renewal) => ({ ...renewal, companyName: nameOf(renewal.companyId) }))
    .sort(
      (first, second) =>
        first.renewalDate.localeCompare(second.renewalDate) || first.companyName.localeCompare(second.companyName),
    );

  return {
    portalId: facts.portalId,
    recipient,
    period,
    currency: facts.currency,
    sections: { bandChanges, runsOpened, runsOverdue, renewals },
  };
}

/** Nothing to tell: no digest is sent rather than an empty one. */
export function isEmptyDigest(digest: Digest): boolean {
  return Object.values(digest.sections).every((section) => section.length === 0);
}
