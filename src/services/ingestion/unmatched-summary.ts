import type { Executor } from '../../db/client';
import { countUnmatchedEvents } from '../../db/repositories/ingestion-pending-repository';
import { defaultIngestionSettings, type IngestionSettings } from '../../domain/usage/ingestion-settings';

export interface UnmatchedSummary {
  readonly count: number;
  readonly accounts: number;
  /** How to make them match, in the order the service tries (README: "How usage is matched to companies"). */
  readonly hint: string;
}

export function unmatchedHint(settings: IngestionSettings): string {
  const ways = [
    `set the company property ${settings.accountProperty} in HubSpot to the account id you send`,
    ...(settings.matchCompanyId ? ["send a customer's HubSpot company id as accountId (Segment: groupId)"] : []),
    "send the company's domain as accountId",
  ];
  return `Usage events wait here until their account matches a synced company: ${ways.join(', or ')}. Waiting events are attached after the next sync; GET /api/v1/usage/unmatched lists the accounts.`;
}

export async function unmatchedSummary(
  db: Executor,
  portalId: number,
  settings: IngestionSettings = defaultIngestionSettings,
): Promise<UnmatchedSummary> {
  const { events, accounts } = await countUnmatchedEvents(db, portalId);
  return { count: events, accounts, hint: unmatchedHint(settings) };
}
