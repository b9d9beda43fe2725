import type { Database, Executor } from '../../db/client';
import {
  findStoredSettings,
  listSettingsHistory,
  storeSettings,
  type StoredSettingsRow,
} from '../../db/repositories/portal-settings-repository';
import type { SettingsKind } from '../../domain/settings/settings-kind';
import type { PortalSettings, SettingsOf } from '../../domain/settings/settings-schemas';
import { validateSettings, type SettingsProblem } from '../../domain/settings/settings-validation';
import { applyRenewalRule } from '../sync/renewal-rule';
import { dealTypesReadDifferently, pipelineKindsById, readDealTypes } from '../../domain/contracts/deal-types';
import { dealPipelines } from '../../db/repositories/pipelines-repository';
import { cachedPortalSettings, forgetCachedSettings } from './settings-cache';
import { loadPortalSettings, parseStored, StoredSettingsInvalidError } from './portal-settings-loader';

export { loadPortalSettings, StoredSettingsInvalidError };

function isoInstant(timestamp: string): string {
  return new Date(timestamp).toISOString();
}

export interface SettingsRecord<Kind extends SettingsKind> {
  readonly kind: Kind;
  /** What applies: the portal's own settings over the defaults. */
  readonly settings: SettingsOf<Kind>;
  /** What the portal set, as it was sent; null while it uses the defaults. */
  readonly custom: unknown;
  readonly version: number | null;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

export interface SettingsHistoryEntry {
  readonly version: number;
  readonly value: unknown;
  readonly changedAt: string;
  readonly changedBy: string;
}

function recordOf<Kind extends SettingsKind>(
  portalId: number,
  kind: Kind,
  row: StoredSettingsRow | undefined,
): SettingsRecord<Kind> {
  return {
    kind,
    settings: parseStored(portalId, kind, row),
    custom: row?.value ?? null,
    version: row?.version ?? null,
    updatedAt: row ? isoInstant(row.updatedAt) : null,
    updatedBy: row?.updatedBy ?? null,
  };
}

export async function readSettings<Kind extends SettingsKind>(
  db: Executor,
  portalId: number,
  kind: Kind,
): Promise<SettingsRecord<Kind>> {
  return recordOf(portalId, kind, await findStoredSettings(db, portalId, kind));
}

export async function readSettingsHistory(
  db: Executor,
  portalId: number,
  kind: SettingsKind,
  limit = 20,
): Promise<SettingsHistoryEntry[]> {
  const rows = await listSettingsHistory(db, portalId, kind, limit);
  return rows.map((row) => ({
    version: row.version,
    value: row.value,
    changedAt: isoInstant(row.changedAt),
    changedBy: row.changedBy,
  }));
}

export type SettingsChangeResult<Kind extends SettingsKind> =
  | { readonly stored: false; readonly problems: readonly SettingsProblem[] }
  | {
      readonly stored: true;
      readonly record: SettingsRecord<Kind>;
      /** The stored health scores (stage, alerts, suggestions) depend on what changed: recompute them. */
      readonly recomputeHealth: boolean;
    };

// What stored health scores are computed from: the health, lifecycle and catalog settings, and the KPI settings'
// session rules (engagement), renewal rule and readings of deal types and pipelines (contracts' kinds and terms, so
// renewal dates).
// The rest of the KPI settings only shape KPIs, which are computed when asked for.
function healthInputsOf(settings: PortalSettings): string {
  return JSON.stringify([
    settings.health,
    settings.lifecycle,
    settings.catalog,
    settings.kpi.sessions,
    settings.kpi.renewals,
    settings.kpi.dealTypes,
    settings.kpi.dealPipelines,
  ]);
}

async function deriveChangedContracts(
  db: Executor,
  portalId: number,
  before: PortalSettings | null,
  after: PortalSettings,
): Promise<void> {
  const rule = after.kpi.renewals;
  const ruleChanged = JSON.stringify(rule) !== JSON.stringify(before?.kpi.renewals ?? null);
  // Settings stored invalid (a rule tightened since) read no deal type: every type the new ones name is new to them.
  const dealTypes = dealTypesReadDifferently(before?.kpi.dealTypes ?? {}, after.kpi.dealTypes).concat(
    before === null ? [...readDealTypes(after.kpi.dealTypes).keys()] : [],
  );
  const pipelines = await dealPipelines(db, portalId);
  const earlier = pipelineKindsById(before?.kpi.dealPipelines ?? {}, pipelines);
  const later = pipelineKindsById(after.kpi.dealPipelines, pipelines);
  const changedPipelines = pipelines
    .map((pipeline) => pipeline.id)
    .filter((pipelineId) => before === null || earlier[pipelineId] !== later[pipelineId]);
  if (ruleChanged || dealTypes.length > 0 || changedPipelines.length > 0)
    await applyRenewalRule(db, portalId, { changed: { dealTypes, pipelines: changedPipelines } });
}

async function settingsOrNull(db: Executor, portalId: number): Promise<PortalSettings | null> {
  try {
    return await loadPortalSettings(db, portalId);
  } catch (error) {
    if (error instanceof StoredSettingsInvalidError) return null;
    throw error;
  }
}

/**
 * Replaces the portal's settings of one kind with `document` (what it leaves out takes the defaults), recording who
 * and when, all in one transaction; an invalid document changes nothing and names every wrong field.
 */
export async function changeSettings<Kind extends SettingsKind>(
  db: Database,
  portalId: number,
  kind: Kind,
  document: unknown,
  changedBy: string,
): Promise<SettingsChangeResult<Kind>> {
  const validation = validateSettings(kind, document);
  if (!validation.valid) return { stored: false, problems: validation.problems };
  const { before, after, row } = await db.transaction(async (transaction) => {
    const previous = await settingsOrNull(transaction, portalId);
    const stored = await storeSettings(transaction, { portalId, kind, value: document, changedBy });
    const now = await settingsOrNull(transaction, portalId);
    // Contracts are derived when deals are stored: a changed rule or reading of deal types derives them again, with
    // the change.
    if (now !== null) await deriveChangedContracts(transaction, portalId, previous, now);
    return { before: previous, after: now, row: stored };
  });
  forgetCachedSettings();
  const recomputeHealth = before === null || after === null || healthInputsOf(before) !== healthInputsOf(after);
  return { stored: true, record: recordOf(portalId, kind, row), recomputeHealth };
}

/** The portal's settings for read paths (the card, the API's views): cached briefly, see `cachedPortalSettings`. */
export function portalSettingsForReading(db: Executor, portalId: number): Promise<PortalSettings> {
  return cachedPortalSettings(db, portalId, loadPortalSettings);
}
