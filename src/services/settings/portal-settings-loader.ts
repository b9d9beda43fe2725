import type { Executor } from '../../db/client';
import { listStoredSettings, type StoredSettingsRow } from '../../db/repositories/portal-settings-repository';
import type { SettingsKind } from '../../domain/settings/settings-kind';
import type { PortalSettings, SettingsOf } from '../../domain/settings/settings-schemas';
import { validateSettings, type SettingsProblem } from '../../domain/settings/settings-validation';
import { defaultSettings } from './default-settings';

/** A stored document the schema no longer accepts (a rule tightened since): never replaced by defaults silently. */
export class StoredSettingsInvalidError extends Error {
  constructor(portalId: number, kind: SettingsKind, problems: readonly SettingsProblem[]) {
    const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    super(
      `The stored ${kind} settings of portal ${portalId} are no longer valid (${summary}); set them again: npm run settings -- set ${kind} FILE.json`,
    );
    this.name = 'StoredSettingsInvalidError';
  }
}

export function parseStored<Kind extends SettingsKind>(
  portalId: number,
  kind: Kind,
  row: StoredSettingsRow | undefined,
): SettingsOf<Kind> {
  if (row === undefined) return defaultSettings(kind);
  const validation = validateSettings(kind, row.value);
  if (!validation.valid) throw new StoredSettingsInvalidError(portalId, kind, validation.problems);
  return validation.settings;
}

/** Every kind of the portal's settings, read now (one query): what jobs that store results computed from them use. */
export async function loadPortalSettings(db: Executor, portalId: number): Promise<PortalSettings> {
  const rows = await listStoredSettings(db, portalId);
  const rowOf = (kind: SettingsKind) => rows.find((row) => row.kind === kind);
  return {
    kpi: parseStored(portalId, 'kpi', rowOf('kpi')),
    health: parseStored(portalId, 'health', rowOf('health')),
    lifecycle: parseStored(portalId, 'lifecycle', rowOf('lifecycle')),
    catalog: parseStored(portalId, 'catalog', rowOf('catalog')),
    risk: parseStored(portalId, 'risk', rowOf('risk')),
    currency: parseStored(portalId, 'currency', rowOf('currency')),
    digests: parseStored(portalId, 'digests', rowOf('digests')),
    maturity: parseStored(portalId, 'maturity', rowOf('maturity')),
  };
}
