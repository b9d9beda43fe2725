import type { ManagerPortfolioPayload, MonthKpis } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import {
  countMeasuredRunsPerPlaybook,
  countTreatedRunsOpened,
} from '../../db/repositories/manager-playbooks-repository';
import { loadTeamActivity } from '../../db/repositories/manager-portfolio-repository';
import {
  assessMaturity,
  defaultMaturitySettings,
  maturityContext,
  maturityStageDescriptions,
  maturityStages,
  type MaturityEvidence,
  type MaturitySettings,
} from '../../domain/maturity';
import { defaultOutcomeOptions } from '../../domain/playbooks/outcome-statistics';

export interface MaturityScope {
  readonly portalId: number;
  readonly timeZone: string;
  /** The assessment window: the first day of the range to the earlier of its last day and today. */
  readonly firstDay: string;
  readonly lastDay: string;
  /** Today: outcomes are measured as of it. */
  readonly asOf: string;
}

export interface OnboardingCounts {
  readonly opened: number;
  readonly completed: number;
}

/** Domain §7: the team's stage from what the product saw it do in the window. */
export async function teamMaturity(
  db: Executor,
  scope: MaturityScope,
  months: readonly MonthKpis[],
  /** Customers on the window's last day, the day surveyed customers are counted on. */
  customers: number,
  onboarding: OnboardingCounts,
  settings: MaturitySettings = defaultMaturitySettings,
): Promise<ManagerPortfolioPayload['maturity']> {
  const activity = await loadTeamActivity(
    db,
    scope.portalId,
    scope.firstDay,
    scope.lastDay,
    scope.timeZone,
    settings.alertActionDays,
  );
  const runs = await countTreatedRunsOpened(db, scope.portalId, scope.firstDay, scope.lastDay);
  const measured = await countMeasuredRunsPerPlaybook(db, scope.portalId, scope.asOf);
  const minimumRunsPerGroup = defaultOutcomeOptions.minimumPerGroup;
  const evidence: MaturityEvidence = {
    customers,
    alerts: { alertedCompanies: activity.alertedCompanies, actedOn: activity.actedOn },
    csmActions: {
      stagesSet: activity.stagesSet,
      milestonesCompleted: activity.milestonesCompleted,
      suggestionsDismissed: activity.suggestionsDismissed,
      dealsFromSuggestions: activity.dealsFromSuggestions,
    },
    playbooks: {
      runsOpened: runs.opened,
      runsProgressing: runs.progressing,
      onboardingsOpened: onboarding.opened,
      onboardingsCompleted: onboarding.completed,
    },
    outcomes: {
      surveyedCustomers: activity.surveyedCustomers,
      monthlyNrr: months.map((month) => month.nrr),
      playbooksWithHoldout: measured.length,
      playbooksMeasured: measured.filter(
        (playbook) => playbook.treated >= minimumRunsPerGroup && playbook.heldOut >= minimumRunsPerGroup,
      ).length,
      minimumRunsPerGroup,
    },
  };
  const assessment = assessMaturity(evidence, settings);
  const reachedIndex = maturityStages.indexOf(assessment.stage);
  return {
    stage: assessment.stage,
    stages: maturityStages.map((stage, index) => ({
      stage,
      ...maturityStageDescriptions[stage],
      reached: index <= reachedIndex,
    })),
    criteria: assessment.criteria.map((criterion) => ({ ...criterion })),
    nextSteps: [...assessment.nextSteps],
    windowStart: scope.firstDay,
    context: maturityContext,
  };
}
