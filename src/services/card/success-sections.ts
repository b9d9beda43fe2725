import type {
  HealthPayload,
  OnboardingPayload,
  SuggestionsPayload,
} from '../../../extensions/app/cards/shared/card-payload';
import { lifecycleStages } from '../../../extensions/app/cards/shared/card-payload';
import type { CompanySuccess, HealthView, OnboardingView } from '../customer-success/company-success-schema';

const suppressionText: Record<NonNullable<CompanySuccess['suggestionsSuppressed']>, string> = {
  health_red: 'No suggestions while the health band is red: help this customer succeed first.',
  onboarding_incomplete: 'No suggestions until onboarding is complete.',
};

// The raw measures' names are the health components' few fixed keys: each is turned into a label once.
const labels = new Map<string, string>();

/** 'seatUtilizationPercent' -> 'Seat utilization percent': the raw measures keep their service names. */
function labelOf(key: string): string {
  let label = labels.get(key);
  if (label === undefined) {
    const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
    label = words.charAt(0).toUpperCase() + words.slice(1);
    if (labels.size < 1_000) labels.set(key, label);
  }
  return label;
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function toOnboardingPayload(view: OnboardingView): OnboardingPayload {
  const reached = lifecycleStages.indexOf(view.stage) + 1;
  return {
    stage: view.stage,
    stageSource: view.stageSource,
    derivedStage: view.derivedStage,
    manualOverride: view.manualOverride ? { setBy: view.manualOverride.setBy, setAt: view.manualOverride.setAt } : null,
    progressPercent: Math.round((reached * 100) / lifecycleStages.length),
    touchModel: view.touchModel,
    handoffDate: view.handoffDate,
    daysSinceHandoff: view.daysSinceHandoff,
    timeToValueDays: view.timeToValueDays,
    milestones: view.milestones.map((milestone) => ({
      key: milestone.key,
      label: milestone.label,
      required: milestone.required,
      dueDate: milestone.dueDate,
      doneDate: milestone.doneAt === null ? null : milestone.doneAt.slice(0, 10),
      doneBy: milestone.doneBy,
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
      score: roundTo(component.score, 1),
      weight: component.weight,
      points: roundTo(component.points, 1),
      raw: Object.entries(component.raw).map(([key, value]) => ({ label: labelOf(key), value: value === null ? null : roundTo(value, 1) })),
    })),
    leftOut: view.leftOut.map((left) => ({ component: left.component, reason: left.reasonText })),
    change30Days: view.change30Days,
  };
}

export function toSuggestionsPayload(success: CompanySuccess, currency: string, createdDeals: ReadonlyMap<string, string>): SuggestionsPayload {
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
