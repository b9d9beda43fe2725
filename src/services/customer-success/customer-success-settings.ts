import { catalogSettingsSchema, type CatalogSettings } from '../../domain/catalog/catalog-settings';
import { kpiSettingsSchema, type KpiSettings } from '../../domain/kpi/kpi-settings';
import { healthSettingsSchema, type HealthSettings } from '../../domain/health/health-settings';
import { lifecycleSettingsSchema, type LifecycleSettings } from '../../domain/lifecycle/lifecycle-settings';
import { suggestionSettingsSchema, type SuggestionSettings } from '../../domain/suggestions/suggestion-settings';

export interface CustomerSuccessSettings {
  readonly lifecycle: LifecycleSettings;
  readonly health: HealthSettings;
  readonly suggestions: SuggestionSettings;
  readonly catalog: CatalogSettings;
  readonly sessions: KpiSettings['sessions'];
}

let defaults: Readonly<CustomerSuccessSettings> | undefined;

/**
 * The documented defaults; a portal's own settings replace them once settings are stored. Parsed once:
 * the card asks for them on every request, and parsing the catalog costs about half a millisecond.
 */
export function defaultCustomerSuccessSettings(): CustomerSuccessSettings {
  defaults ??= Object.freeze({
    lifecycle: lifecycleSettingsSchema.parse({}),
    health: healthSettingsSchema.parse({}),
    suggestions: suggestionSettingsSchema.parse({}),
    catalog: catalogSettingsSchema.parse({}),
    sessions: kpiSettingsSchema.parse({}).sessions,
  });
  return defaults;
}
