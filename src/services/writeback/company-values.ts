import { z } from 'zod';
import type { WriteBackInputRow } from '../../db/repositories/writeback-repository';
import { activeDismissalFor, suppressionReasonSchema } from '../../domain/suggestions/suggest';
import { suggestionSchema } from '../../domain/suggestions/suggestion';
import type { Dismissal } from '../../domain/suggestions/suggestion-inputs';
import type { SuggestionSettings } from '../../domain/suggestions/suggestion-settings';

// cs_last_computed_at is left out: it moves only when one of these changes, so an unchanged company costs no call.
export const comparedProperties = [
  'cs_health_score',
  'cs_health_band',
  'cs_onboarding_stage',
  'cs_seat_utilization',
  'cs_mrr',
  'cs_renewal_date',
  'cs_upsell_potential',
  'cs_csm',
  'cs_renewal_risk',
  'cs_next_renewal_date',
] as const;
export type ComparedProperty = (typeof comparedProperties)[number];
export type WriteBackValues = Record<ComparedProperty, string | null>;

export interface ValueContext {
  readonly asOf: string;
  readonly minorUnitDigits: number;
  /** Owners on the CS team: a company they own counts as theirs without a hand-off. */
  readonly csmTeam: ReadonlySet<string>;
  readonly dismissals: ReadonlyMap<string, readonly Dismissal[]>;
  readonly suggestionSettings: SuggestionSettings;
}

const storedSuggestionsSchema = z.object({
  candidates: z.array(suggestionSchema).default([]),
  suppressed: suppressionReasonSchema.nullable().default(null),
});

function majorUnits(minorUnits: number, digits: number): string {
  return digits === 0 ? String(minorUnits) : (minorUnits / 10 ** digits).toFixed(digits);
}

/**
 * The lifecycle stage HubSpot lists filter on. A former customer has none (unless a CSM set one by hand): its
 * onboarding record would otherwise read as "Introduction (onboarding)", a churned customer among those onboarding.
 */
function stageOf(row: WriteBackInputRow): string | null {
  if (row.formerCustomer) return row.manualStage;
  return row.manualStage ?? row.scoredStage ?? (row.hasOnboarding ? 'introduction' : null);
}

/** The estimated MRR of the suggestions the card shows: none while suppressed, dismissed ones left out. */
function upsellPotentialMinor(row: WriteBackInputRow, stage: string | null, context: ValueContext): number | null {
  if (row.healthScore === null) return null;
  const stored = storedSuggestionsSchema.safeParse(row.suggestions ?? {});
  if (!stored.success) return null;
  const suppressed = stored.data.suppressed ?? (stage === 'introduction' ? 'onboarding_incomplete' : null);
  if (suppressed !== null) return 0;
  const dismissals = context.dismissals.get(row.companyId) ?? [];
  return stored.data.candidates
    .filter(
      (suggestion) =>
        activeDismissalFor(suggestion, dismissals, context.asOf, context.suggestionSettings) === undefined,
    )
    .reduce((total, suggestion) => total + suggestion.estimatedMrrCents, 0);
}

/** The cs_* values of a company as HubSpot stores them (strings; null clears the property). */
export function computeWriteBackValues(row: WriteBackInputRow, context: ValueContext): WriteBackValues {
  const stage = stageOf(row);
  const upsell = upsellPotentialMinor(row, stage, context);
  const isCustomer = row.mrrMinor > 0 || row.hasOnboarding;
  const ownerIsCsm = row.companyOwnerId !== null && context.csmTeam.has(row.companyOwnerId) && isCustomer;
  const utilization =
    row.seats !== null && row.seats > 0 && row.activeUsers !== null ? (row.activeUsers * 100) / row.seats : null;
  return {
    cs_health_score: row.healthScore === null ? null : String(row.healthScore),
    cs_health_band: row.healthBand,
    cs_onboarding_stage: stage,
    cs_seat_utilization: utilization === null ? null : String(Number(utilization.toFixed(1))),
    cs_mrr: isCustomer || row.pushedValues !== null ? majorUnits(row.mrrMinor, context.minorUnitDigits) : null,
    cs_renewal_date: row.renewalDate,
    cs_upsell_potential: upsell === null ? null : majorUnits(upsell, context.minorUnitDigits),
    cs_csm: row.csmOwnerId ?? (ownerIsCsm ? row.companyOwnerId : null),
    cs_renewal_risk: row.churnProbability === null ? null : String(Number((row.churnProbability * 100).toFixed(1))),
    cs_next_renewal_date: row.nextRenewalDate,
  };
}

/** The properties whose value differs from the last push; nothing pushed before counts as all empty. */
export function changedProperties(
  current: WriteBackValues,
  pushed: Record<string, string | null> | null,
): ComparedProperty[] {
  return comparedProperties.filter((name) => current[name] !== (pushed?.[name] ?? null));
}
