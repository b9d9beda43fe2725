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
    const alone = updates.length === 1 ? [] : updates;
    const updated = new Set<string>();
    for (const update of alone) {
      try {
        for (const id of await updateCompaniesBatch(deps.client, [update], retry)) updated.add(id);
      } catch (single) {
        if (statusOf(single) !== refusedStatus) throw single;
        deps.logger.warn(
          { portalId, companyId: update.id, reason: single instanceof Error ? single.message.slice(0, 500) : '' },
          'HubSpot refused the Customer Success values of a company; the others were written',
        );
      }
    }
    if (alone.length === 0)
      deps.logger.warn(
        { portalId, companyId: updates[0]?.id, reason: error instanceof Error ? error.message.slice(0, 500) : '' },
        'HubSpot refused the Customer Success values of a company',
      );
    return { updated, calls: 1 + alone.length };
  }
}
