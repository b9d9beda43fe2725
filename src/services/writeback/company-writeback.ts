import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { listActiveOwnerIds, listTeamOwnerIds } from '../../db/repositories/csm-assignments-repository';
import { listDismissals } from '../../db/repositories/customer-success-dismissals-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { loadWriteBackInputs, recordPushedValues } from '../../db/repositories/writeback-repository';
import { csmTeam } from '../../domain/handoff/csm-assignment';
import {
  handoffSettingsSchema,
  type HandoffSettings,
  type HandoffSettingsInput,
} from '../../domain/handoff/handoff-settings';
import type { Dismissal } from '../../domain/suggestions/suggestion-inputs';
import { instantToLocalDate } from '../../domain/time/time-zone';
import type { RetryOptions } from '../../hubspot/client';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { batchUpdateLimit, type CompanyUpdate } from '../../hubspot/writeback/company-batch-update';
import {
  customerSuccessSettingsFor,
  type CustomerSuccessSettings,
} from '../customer-success/customer-success-settings';
import { changedProperties, computeWriteBackValues, type WriteBackValues } from './company-values';
import { pushBatch } from './push-batch';

export interface WriteBackDependencies {
  readonly db: Database;
  readonly client: Client;
  readonly logger: Logger;
  /** The CSM list decides whether a company's owner counts as its CSM. */
  readonly settings?: HandoffSettings | HandoffSettingsInput;
  readonly customerSuccessSettings?: CustomerSuccessSettings;
  readonly now?: () => Date;
  readonly retry?: RetryOptions;
}

export interface WriteBackResult {
  readonly companies: number;
  readonly changed: number;
  readonly pushed: number;
  readonly batches: number;
  /** Companies HubSpot did not update (deleted there and not yet synced here, or a value refused); tried again next run. */
  readonly notUpdated: string[];
}

interface PendingPush {
  readonly companyId: string;
  readonly values: WriteBackValues;
  readonly update: CompanyUpdate;
}

async function dismissalsByCompany(
  db: Database,
  portalId: number,
  timeZone: string,
): Promise<Map<string, Dismissal[]>> {
  const grouped = new Map<string, Dismissal[]>();
  for (const row of await listDismissals(db, portalId)) {
    const list = grouped.get(row.companyId) ?? [];
    list.push({
      kind: row.kind,
      productId: row.product,
      dismissedOn: instantToLocalDate(Date.parse(row.dismissedAt), timeZone),
    });
    grouped.set(row.companyId, list);
  }
  return grouped;
}

/**
 * Pushes each company's cs_* values to HubSpot when they differ from what was pushed last, in batch updates
 * of up to 100, one at a time under the client's rate limiter. What a batch wrote is recorded as soon as it
 * succeeds, so a crash re-sends at most the batch in flight. cs_last_computed_at goes with every change.
 */
export async function pushCompanyWriteBack(
  deps: WriteBackDependencies,
  portalId: number,
  companyIds?: readonly string[],
): Promise<WriteBackResult> {
  const portal = await findPortal(deps.db, portalId);
  if (!portal) throw new RangeError(`Portal ${portalId} has not been synced`);
  const settings = handoffSettingsSchema.parse(deps.settings ?? {});
  const customerSuccess = deps.customerSuccessSettings ?? (await customerSuccessSettingsFor(deps.db, portalId));
  const now = (deps.now ?? (() => new Date()))();
  const asOf = instantToLocalDate(now.getTime(), portal.timeZone);
  const [rows, activeOwnerIds, teamOwnerIds, dismissals] = await Promise.all([
    loadWriteBackInputs(deps.db, portalId, asOf, companyIds),
    listActiveOwnerIds(deps.db, portalId),
    listTeamOwnerIds(deps.db, portalId, settings.csmTeamName),
    dismissalsByCompany(deps.db, portalId, portal.timeZone),
  ]);
  const context = {
    asOf,
    minorUnitDigits: minorUnitDigits(portal.currency),
    csmTeam: csmTeam({ activeOwnerIds, teamOwnerIds, settings }),
    dismissals,
    suggestionSettings: customerSuccess.suggestions,
  };
  const computedAt = now.toISOString();
  const pending: PendingPush[] = [];
  for (const row of rows) {
    const values = computeWriteBackValues(row, context);
    const changed = changedProperties(values, row.pushedValues);
    if (changed.length === 0) continue;
    // HubSpot clears a property set to the empty string.
    const properties = Object.fromEntries(changed.map((name) => [name, values[name] ?? '']));
    pending.push({
      companyId: row.companyId,
      values,
      update: { id: row.companyId, properties: { ...properties, cs_last_computed_at: computedAt } },
    });
  }
  const retry = { logger: deps.logger, ...deps.retry };
  const notUpdated: string[] = [];
  let pushed = 0;
  let batches = 0;
  for (let start = 0; start < pending.length; start += batchUpdateLimit) {
    const batch = pending.slice(start, start + batchUpdateLimit);
    const { updated, calls } = await pushBatch(
      deps,
      portalId,
      batch.map((entry) => entry.update),
      retry,
    );
    batches += calls;
    const succeeded = batch.filter((entry) => updated.has(entry.companyId));
    await recordPushedValues(
      deps.db,
      portalId,
      succeeded.map((entry) => ({ companyId: entry.companyId, values: entry.values })),
      computedAt,
    );
    pushed += succeeded.length;
    notUpdated.push(...batch.filter((entry) => !updated.has(entry.companyId)).map((entry) => entry.companyId));
  }
  if (notUpdated.length > 0)
    deps.logger.warn(
      { portalId, count: notUpdated.length, sample: notUpdated.slice(0, 10) },
      'HubSpot did not update some companies',
    );
  const result = { companies: rows.length, changed: pending.length, pushed, batches, notUpdated };
  deps.logger.info(
    { portalId, ...result, notUpdated: notUpdated.length },
    'Customer Success values written back to HubSpot',
  );
  return result;
}
