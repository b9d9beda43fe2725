import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import { statusOf, type RetryOptions } from '../../hubspot/client';
import { updateCompaniesBatch, type CompanyUpdate } from '../../hubspot/writeback/company-batch-update';

export interface BatchOutcome {
  /** The companies HubSpot updated. */
  readonly updated: ReadonlySet<string>;
  /** Calls made: one, or one more per company when the batch was refused. */
  readonly calls: number;
}

const refusedStatus = 400;

/**
 * One batch update. HubSpot refuses a whole batch for one value it does not take (an option removed by hand, a
 * property whose type was changed); then each company is sent alone, so the others are written and each refused
 * one is logged with HubSpot's reason, instead of the same batch failing every run and blocking the ones after it.
 */
export async function pushBatch(
  deps: { readonly client: Client; readonly logger: Logger },
  portalId: number,
  updates: readonly CompanyUpdate[],
  retry: RetryOptions,
): Promise<BatchOutcome> {
  try {
    return { updated: await updateCompaniesBatch(deps.client, updates, retry), calls: 1 };
  } catch (error) {
    if (statusOf(error) !== refusedStatus) throw error;
    const refused = (update: CompanyUpdate, reason: unknown) =>
      deps.logger.warn(
        { portalId, companyId: update.id, reason: reason instanceof Error ? reason.message.slice(0, 500) : '' },
        'HubSpot refused the Customer Success values of a company; the others in its batch were written',
      );
    const [only] = updates;
    if (updates.length === 1 && only !== undefined) {
      refused(only, error);
      return { updated: new Set(), calls: 1 };
    }
    const updated = new Set<string>();
    for (const update of updates) {
      try {
        for (const id of await updateCompaniesBatch(deps.client, [update], retry)) updated.add(id);
      } catch (single) {
        if (statusOf(single) !== refusedStatus) throw single;
        refused(update, single);
      }
    }
    return { updated, calls: 1 + updates.length };
  }
}
