import type { SettingsKind } from '../../domain/settings/settings-kind';
import { settingsSchemas, type PortalSettings, type SettingsOf } from '../../domain/settings/settings-schemas';

let defaults: PortalSettings | undefined;

/** The defaults of every kind, parsed once and frozen: the card asks on every request, and parsing the catalog costs about half a millisecond. */
export function defaultPortalSettings(): PortalSettings {
  defaults ??= Object.freeze({
    kpi: settingsSchemas.kpi.parse({}),
    health: settingsSchemas.health.parse({}),
    lifecycle: settingsSchemas.lifecycle.parse({}),
    catalog: settingsSchemas.catalog.parse({}),
    risk: settingsSchemas.risk.parse({}),
    currency: settingsSchemas.currency.parse({}),
    digests: settingsSchemas.digests.parse({}),
    maturity: settingsSchemas.maturity.parse({}),
  });
  return defaults;
}

export function defaultSettings<Kind extends SettingsKind>(kind: Kind): SettingsOf<Kind> {
  return defaultPortalSettings()[kind];
}
