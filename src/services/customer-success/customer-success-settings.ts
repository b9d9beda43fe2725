import type { Executor } from '../../db/client';
import type { CatalogSettings } from '../../domain/catalog/catalog-settings';
import type { HealthSettings } from '../../domain/health/health-settings';
import type { KpiSettings } from '../../domain/kpi/kpi-settings';
import type { LifecycleSettings } from '../../domain/lifecycle/lifecycle-settings';
import type { PortalSettings } from '../../domain/settings/settings-schemas';
import { suggestionSettingsSchema, type SuggestionSettings } from '../../domain/suggestions/suggestion-settings';
import { defaultPortalSettings } from '../settings/default-settings';
import { loadPortalSettings, portalSettingsForReading } from '../settings/settings-service';

export interface CustomerSuccessSettings {
  readonly lifecycle: LifecycleSettings;
  readonly health: HealthSettings;
  readonly suggestions: SuggestionSettings;
  readonly catalog: CatalogSettings;
  readonly sessions: KpiSettings['sessions'];
}

let defaultSuggestions: SuggestionSettings | undefined;

/** What scoring, onboarding and suggestions use of a portal's settings (suggestion rules are not a portal setting yet). */
export function customerSuccessSettingsOf(settings: PortalSettings): CustomerSuccessSettings {
  defaultSuggestions ??= Object.freeze(suggestionSettingsSchema.parse({}));
  return {
    lifecycle: settings.lifecycle,
    health: settings.health,
    suggestions: defaultSuggestions,
    catalog: settings.catalog,
    sessions: settings.kpi.sessions,
  };
}

/** The documented defaults: what a portal that set nothing uses. */
export function defaultCustomerSuccessSettings(): CustomerSuccessSettings {
  return customerSuccessSettingsOf(defaultPortalSettings());
}

/** The portal's settings, read now: for work that stores what it computes (health scores, onboarding plans). */
export async function customerSuccessSettingsFor(db: Executor, portalId: number): Promise<CustomerSuccessSettings> {
  return customerSuccessSettingsOf(await loadPortalSettings(db, portalId));
}

/** The portal's settings as read paths see them (cached for a few seconds). */
export async function customerSuccessSettingsForReading(
  db: Executor,
  portalId: number,
): Promise<CustomerSuccessSettings> {
  return customerSuccessSettingsOf(await portalSettingsForReading(db, portalId));
}
