import { z } from 'zod';
import type { CatalogSettings } from '../catalog/catalog-settings';
import { addDays, calendarDateSchema, daysBetween } from '../time/calendar-date';
import { suggestCrossSells } from './cross-sell';
import { suggestPlanUpgrades } from './plan-upgrade';
import { suggestSeatExpansion } from './seat-expansion';
import { suggestionSchema, type Suggestion } from './suggestion';
import { suggestionKindSchema, type Dismissal, type SuggestionInput } from './suggestion-inputs';
import type { SuggestionSettings } from './suggestion-settings';

export const suppressionReasonSchema = z.enum(['health_red', 'onboarding_incomplete']);

export const suggestionResultSchema = z.object({
  suggestions: z.array(suggestionSchema),
  suppressed: suppressionReasonSchema.nullable(),
  hidden: z.array(z.object({ kind: suggestionKindSchema, productId: z.string(), hiddenUntil: calendarDateSchema })),
});

export type SuggestionResult = z.infer<typeof suggestionResultSchema>;

function isDismissalActive(dismissal: Dismissal, asOf: string, settings: SuggestionSettings): boolean {
  const age = daysBetween(dismissal.dismissedOn, asOf);
  return age >= 0 && age < settings.dismissalDays;
}

function matchingDismissal(
  suggestion: Pick<Suggestion, 'kind' | 'productId'>,
  dismissals: readonly Dismissal[],
): Dismissal | undefined {
  return dismissals
    .filter(
      (dismissal) =>
        dismissal.kind === suggestion.kind &&
        (dismissal.productId === undefined || dismissal.productId === suggestion.productId),
    )
    .sort((left, right) => right.dismissedOn.localeCompare(left.dismissedOn))[0];
}

/** The newest dismissal still hiding this suggestion on `asOf`, if any. */
export function activeDismissalFor(
  suggestion: Pick<Suggestion, 'kind' | 'productId'>,
  dismissals: readonly Dismissal[],
  asOf: string,
  settings: SuggestionSettings,
): Dismissal | undefined {
  return matchingDismissal(
    suggestion,
    dismissals.filter((dismissal) => isDismissalActive(dismissal, asOf, settings)),
  );
}

/**
 * Suggestions serve the customer's success, so there are none while its health is red or its
 * onboarding is open. A dismissed suggestion stays hidden for `dismissalDays` days.
 */
export function suggestExpansions(
  input: SuggestionInput,
  catalog: CatalogSettings,
  settings: SuggestionSettings,
): SuggestionResult {
  if (input.healthBand === 'red') return { suggestions: [], suppressed: 'health_red', hidden: [] };
  if (!input.onboardingComplete) return { suggestions: [], suppressed: 'onboarding_incomplete', hidden: [] };
  const seatExpansion = suggestSeatExpansion(input, catalog, settings);
  const candidates: Suggestion[] = [
    ...(seatExpansion === null ? [] : [seatExpansion]),
    ...suggestPlanUpgrades(input, catalog, settings),
    ...suggestCrossSells(input, catalog, settings),
  ];
  const result: SuggestionResult = { suggestions: [], suppressed: null, hidden: [] };
  for (const suggestion of candidates) {
    const dismissal = activeDismissalFor(suggestion, input.dismissals, input.asOf, settings);
    if (dismissal === undefined) result.suggestions.push(suggestion);
    else
      result.hidden.push({
        kind: suggestion.kind,
        productId: suggestion.productId,
        hiddenUntil: addDays(dismissal.dismissedOn, settings.dismissalDays),
      });
  }
  result.suggestions.sort((left, right) => right.estimatedMrrCents - left.estimatedMrrCents);
  return result;
}
