import type {
  HealthPayload,
  OnboardingPayload,
  SuggestionsPayload,
} from '../../../extensions/app/cards/shared/card-payload';
import type { CompanySuccess, HealthView, OnboardingView } from '../customer-success/company-success-schema';
import { actorLabel, healthComponentLabels, measureLabel } from '../wording/labels';
import { roundTo } from '../../domain/numbers/round-to';

const suppressionText: Record<NonNullable<CompanySuccess['suggestionsSuppressed']>, string> = {
  health_red: 'No suggestions while the health band is red: help this customer succeed first.',
  onboarding_incomplete: 'No suggestions until onboarding is complete.',
};

export function toOnboardingPayload(view: OnboardingView, csmName: string | null): OnboardingPayload {
  const done = view.milestones.filter((milestone) => milestone.state === 'done').length;
  return {
    stage: view.stage,
    stageSource: view.stageSource,
    derivedStage: view.derivedStage,
    manualOverride: view.manualOverride ? { setBy: view.manualOverride.setBy, setAt: view.manualOverride.setAt } : null,
    progressPercent: view.milestones.length === 0 ? 0 : Math.round((done * 100) / view.milestones.length),
    milestonesDone: done,
    touchModel: view.touchModel,
    csmName,
    handoffDate: view.handoffDate,
    daysSinceHandoff: view.daysSinceHandoff,
    trackedFromHandoff: view.trackedFromHandoff,
    timeToValueDays: view.timeToValueDays,
    milestones: view.milestones.map((milestone) => ({
      key: milestone.key,
      label: milestone.label,
      required: milestone.required,
      dueDate: milestone.dueDate,
      doneDate: milestone.doneAt === null ? null : milestone.doneAt.slice(0, 10),
      doneBy: milestone.doneBy === null ? null : actorLabel(milestone.doneBy),
      state: milestone.state,
    })),
  };
}

export function toHealthPayload(view: HealthView): HealthPayload {
  return {
    score: view.score,
    band: view.band,
    components: view.components.map((component) => ({
      component: component.component,
      label: healthComponentLabels[component.component],
      score: roundTo(component.score, 1),
      weight: component.weight,
      points: roundTo(component.points, 1),
      raw: Object.entries(component.raw).map(([key, value]) => {
        const { label, unit } = measureLabel(key);
        return { label, value: value === null ? null : roundTo(value, 1), unit };
      }),
    })),
    leftOut: view.leftOut.map((left) => ({
      component: left.component,
      label: healthComponentLabels[left.component],
      reason: left.reasonText,
    })),
    change30Days: view.change30Days,
  };
}

export function toSuggestionsPayload(
  success: CompanySuccess,
  currency: string,
  createdDeals: ReadonlyMap<string, string>,
): SuggestionsPayload {
  return {
    items: success.suggestions.map((suggestion) => ({
      id: suggestion.id,
      kind: suggestion.kind,
      product: suggestion.product,
      title: suggestion.title,
      evidence: suggestion.evidence,
      estimatedMrr: { amountMinor: suggestion.estimatedMrrMinor, currency },
      createdDealId: createdDeals.get(suggestion.id) ?? null,
    })),
    suppressedReason: success.suggestionsSuppressed === null ? null : suppressionText[success.suggestionsSuppressed],
  };
}
