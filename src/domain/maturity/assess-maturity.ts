import type { MaturityEvidence } from './maturity-evidence';
import { defaultMaturitySettings, type MaturitySettings } from './maturity-settings';
import { maturityStages, type MaturityStage } from './maturity-stages';
import { roundTo } from '../numbers/round-to';

export interface MaturityCriterion {
  readonly key: string;
  /** The stage this criterion is part of reaching. */
  readonly stage: Exclude<MaturityStage, 'reactive'>;
  readonly label: string;
  readonly met: boolean;
  /** What the product saw, in numbers. */
  readonly evidence: string;
  /** What the team can do next to meet it (empty once met). */
  readonly next: string;
}

export interface MaturityAssessment {
  /** The highest stage whose criteria, and those of every stage below, are all met. */
  readonly stage: MaturityStage;
  readonly criteria: readonly MaturityCriterion[];
  /** The unmet criteria of the next stage: what to work on now. */
  readonly nextSteps: readonly string[];
}

/** Whole percent, or null when there is nothing to take a share of. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

function shareText(part: number, whole: number, of: string): string {
  const percent = percentOf(part, whole);
  return percent === null ? `No ${of} in the window` : `${part} of ${whole} ${of} (${percent}%)`;
}

function atLeast(part: number, whole: number, thresholdPercent: number): boolean {
  const percent = percentOf(part, whole);
  return percent !== null && percent >= thresholdPercent;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function criterion(fields: Omit<MaturityCriterion, 'next'> & { readonly todo: string }): MaturityCriterion {
  const { todo, ...rest } = fields;
  return { ...rest, next: rest.met ? '' : todo };
}

function nrrTrend(monthlyNrr: readonly (number | null)[], settings: MaturitySettings) {
  const known = monthlyNrr.filter((value) => value !== null);
  if (known.length < settings.nrrTrendMonths) {
    return { met: false, evidence: `NRR known for ${known.length} month(s); a trend needs ${settings.nrrTrendMonths}` };
  }
  const half = Math.floor(known.length / 2);
  const earlier = mean(known.slice(0, half));
  const recent = mean(known.slice(known.length - half));
  const met = recent >= earlier && recent >= settings.nrrTargetPercent;
  return {
    met,
    evidence: `NRR averaged ${roundTo(earlier, 1)}% in the earlier ${half} months and ${roundTo(recent, 1)}% in the recent ${half}`,
  };
}

function evaluateCriteria(evidence: MaturityEvidence, settings: MaturitySettings): MaturityCriterion[] {
  const { alerts, csmActions, playbooks, outcomes, customers } = evidence;
  const actions =
    csmActions.stagesSet +
    csmActions.milestonesCompleted +
    csmActions.suggestionsDismissed +
    csmActions.dealsFromSuggestions;
  const actionsPerHundred = customers === 0 ? null : Math.round((actions / customers) * 1000) / 10;
  const trend = nrrTrend(outcomes.monthlyNrr, settings);
  return [
    criterion({
      key: 'alerts_acted_on',
      stage: 'insight_and_action',
      label: `Data-driven alerts are acted on within ${settings.alertActionDays} days`,
      met: atLeast(alerts.actedOn, alerts.alertedCompanies, settings.alertsActedOnPercent),
      evidence:
        `${shareText(alerts.actedOn, alerts.alertedCompanies, 'alerted companies')} had a CSM action within ${settings.alertActionDays} days of their first alert ` +
        `(a company first alerted in the last ${settings.alertActionDays} days counts once acted on)`,
      todo: `Work the alert list daily: act on at least ${settings.alertsActedOnPercent}% of alerted companies within ${settings.alertActionDays} days (set the stage, complete a milestone, act on a suggestion).`,
    }),
    criterion({
      key: 'actions_recorded',
      stage: 'insight_and_action',
      label: 'The team records its actions in the product',
      met: actionsPerHundred !== null && actionsPerHundred >= settings.actionsPerHundredCustomers,
      evidence:
        `${actions} CSM actions recorded (${csmActions.stagesSet} stages set, ${csmActions.milestonesCompleted} milestones completed, ` +
        `${csmActions.suggestionsDismissed} suggestions dismissed, ${csmActions.dealsFromSuggestions} deals created from suggestions)` +
        (actionsPerHundred === null ? '; no customers yet' : `: ${actionsPerHundred} per 100 customers`),
      todo: `Record the work on the company card: at least ${settings.actionsPerHundredCustomers} actions per 100 customers in the window.`,
    }),
    criterion({
      key: 'playbooks_run',
      stage: 'outcome',
      label: 'Playbooks are run when they fire',
      met: atLeast(playbooks.runsProgressing, playbooks.runsOpened, settings.playbookRunsProgressingPercent),
      evidence:
        playbooks.runsOpened === 0
          ? 'No playbook run opened in the window'
          : `${shareText(playbooks.runsProgressing, playbooks.runsOpened, 'playbook runs opened')} have a task completed`,
      todo: `Work the tasks playbooks create: at least ${settings.playbookRunsProgressingPercent}% of the runs opened with a task completed.`,
    }),
    criterion({
      key: 'outcomes_tracked',
      stage: 'outcome',
      label: 'Playbook outcomes are measured against a holdout',
      met: outcomes.playbooksMeasured >= settings.measuredPlaybooks,
      evidence:
        outcomes.playbooksWithHoldout === 0
          ? 'No playbook holds companies out, so no outcome can be compared'
          : `${outcomes.playbooksMeasured} of ${outcomes.playbooksWithHoldout} playbooks with a holdout have enough runs ` +
            `(${outcomes.minimumRunsPerGroup} treated and ${outcomes.minimumRunsPerGroup} held out) to compare outcomes`,
      todo: `Keep a holdout on your playbooks and let them run until at least ${settings.measuredPlaybooks} can be compared with it.`,
    }),
    criterion({
      key: 'time_to_value_measured',
      stage: 'outcome',
      label: 'Time to value is measured',
      met: atLeast(playbooks.onboardingsCompleted, playbooks.onboardingsOpened, settings.timeToValueMeasuredPercent),
      evidence: `${shareText(playbooks.onboardingsCompleted, playbooks.onboardingsOpened, 'onboardings')} are complete, so their time to value is known`,
      todo: `Close onboardings by confirming first value with the customer: at least ${settings.timeToValueMeasuredPercent}% complete.`,
    }),
    criterion({
      key: 'sentiment_collected',
      stage: 'outcome',
      label: 'Customer outcomes are asked for (NPS, CSAT)',
      met: atLeast(outcomes.surveyedCustomers, customers, settings.surveyCoveragePercent),
      evidence: `${shareText(outcomes.surveyedCustomers, customers, 'customers')} answered an NPS or CSAT survey`,
      todo: `Send NPS or CSAT surveys so at least ${settings.surveyCoveragePercent}% of customers answer in the window.`,
    }),
    criterion({
      key: 'nrr_rising',
      stage: 'transformation',
      label: 'Net revenue retention is tracked and rising',
      met: trend.met,
      evidence: trend.evidence,
      todo: `Hold NRR at or above ${settings.nrrTargetPercent}% and rising over ${settings.nrrTrendMonths} months; share it beyond the CS team.`,
    }),
    criterion({
      key: 'sentiment_broad',
      stage: 'transformation',
      label: 'Most customers tell you how they are doing',
      met: atLeast(outcomes.surveyedCustomers, customers, settings.broadSurveyCoveragePercent),
      evidence: `${shareText(outcomes.surveyedCustomers, customers, 'customers')} answered an NPS or CSAT survey`,
      todo: `Make the customer's voice company-wide: at least ${settings.broadSurveyCoveragePercent}% of customers answering surveys.`,
    }),
  ];
}

/**
 * Places the team on seed 004's four stages from what the product sees in use (domain §7). A stage
 * is reached when its criteria and those of every stage below are met; reactive needs nothing.
 */
export function assessMaturity(
  evidence: MaturityEvidence,
  settings: MaturitySettings = defaultMaturitySettings,
): MaturityAssessment {
  const criteria = evaluateCriteria(evidence, settings);
  let reached: MaturityStage = 'reactive';
  for (const stage of maturityStages.slice(1)) {
    if (!criteria.filter((item) => item.stage === stage).every((item) => item.met)) break;
    reached = stage;
  }
  const nextStage = maturityStages[maturityStages.indexOf(reached) + 1];
  const nextSteps =
    nextStage === undefined
      ? []
      : criteria.filter((item) => item.stage === nextStage && !item.met).map((item) => item.next);
  return { stage: reached, criteria, nextSteps };
}
