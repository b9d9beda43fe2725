import { randomUUID } from 'node:crypto';
import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { Executor } from '../../db/client';
import {
  claimCardAction,
  renewalDealActionId,
  retakeSuggestedDeal,
  settleSuggestedDeal,
} from '../../db/repositories/card-actions-repository';
import { dealPipelineStages } from '../../db/repositories/pipelines-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { loadCompanyHistories, openRenewalDeals } from '../../db/repositories/risk-history-repository';
import { listCompanyGroups } from '../../db/repositories/risk-models-repository';
import { placeSuggestedDeal } from '../../domain/deals/suggested-deal-placement';
import { renewalDealName, renewalDealsDue } from '../../domain/renewals/renewal-deals';
import { renewalRecords, type RenewalRecord } from '../../domain/renewals/renewal-records';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { statusOf } from '../../hubspot/client';
import { createCompanyDeal } from '../../hubspot/deals/create-company-deal';
import type { HubSpotObject } from '../../hubspot/sync/record-mapping';
import { findCreatedDeal } from '../card/suggested-deal';
import { ServiceError } from '../service-error';
import { applyRecordChanges } from '../sync/apply-records';
import { loadContractSettings, type ContractSettings } from '../sync/contract-settings';
import { loadPortalSettings } from '../settings/settings-service';

// HubSpot-defined association type: deal to company, primary.
// A claim this young belongs to a run that may still be waiting for HubSpot's answer.
const claimLeaseMs = 2 * 60_000;
const actor = 'renewal deal job';

const claimDetailsSchema = z.object({
  state: z.enum(['pending', 'unconfirmed', 'created']),
  claim: z.string(),
  dealName: z.string(),
  startedAt: z.string(),
});

export type RenewalDealRun = {
  readonly enabled: boolean;
  readonly due: number;
  /** Deals made by this run, and deals an earlier run made whose answer was lost, found on HubSpot. */
  readonly created: readonly string[];
  readonly recovered: readonly string[];
  /** Renewals whose deal HubSpot refused (4xx), with its message; the next run tries them again. */
  readonly refused: readonly {
    readonly companyId: string;
    readonly renewalDate: CalendarDate;
    readonly message: string;
  }[];
};

type Placement = { pipelineId: string; stageId: string; stageLabel: string | null };

/**
 * Creates one HubSpot renewal deal per renewal due within the portal's lead days, when the risk settings turn
 * it on. Idempotent under retry: a row keyed by company and renewal date is claimed before HubSpot is called,
 * and a create whose answer was lost is found on HubSpot before any second try.
 */
export async function createDueRenewalDeals(
  context: { readonly db: Executor; readonly client: Client },
  portalId: number,
  asOf: CalendarDate,
): Promise<RenewalDealRun> {
  const { db } = context;
  const settings = (await loadPortalSettings(db, portalId)).risk;
  const none = { due: 0, created: [], recovered: [], refused: [] };
  if (!settings.renewalDeal.enabled) return { enabled: false, ...none };
  const portal = await findPortal(db, portalId);
  if (!portal) throw new ServiceError('not_found', `Portal ${portalId} has not been synced`);
  const stages = await dealPipelineStages(db, portalId);
  const placed = placeSuggestedDeal(stages, settings.renewalDeal, 'renewal deal');
  if (!placed.ok)
    throw new ServiceError(
      'conflict',
      `Portal ${portalId}: ${placed.message} (risk settings renewalDeal.pipelineId, renewalDeal.stageId)`,
    );
  const placement = {
    ...placed,
    stageLabel: stages.find((stage) => stage.id === placed.stageId)?.label ?? null,
  };
  const open = new Set((await openRenewalDeals(db, portalId)).map((deal) => deal.companyId));
  const histories = await loadCompanyHistories(db, portalId);
  const due = histories.flatMap((history) =>
    renewalDealsDue(
      renewalRecords(history.contracts, asOf, settings.renewal),
      open,
      asOf,
      settings.renewalDeal.leadDays,
    ),
  );
  const groups = await listCompanyGroups(db, portalId);
  // Also how a created deal is stored locally, as the sync would store it.
  const contractSettings = await loadContractSettings(db, portalId);
  const run = {
    created: [] as string[],
    recovered: [] as string[],
    refused: [] as RenewalDealRun['refused'][number][],
  };
  let unconfirmed = 0;
  for (const record of due) {
    const name = renewalDealName(groups.companies.get(record.companyId)?.name ?? null, record);
    try {
      const outcome = await createRenewalDeal(context, portalId, record, name, placement, contractSettings);
      if (outcome.kind === 'created') run.created.push(outcome.dealId);
      if (outcome.kind === 'recovered') run.recovered.push(outcome.dealId);
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && status < 500)
        run.refused.push({
          companyId: record.companyId,
          renewalDate: record.renewalDate,
          message: error instanceof Error ? error.message : String(error),
        });
      else unconfirmed += 1;
    }
  }
  if (unconfirmed > 0)
    throw new ServiceError(
      'upstream_failed',
      `HubSpot did not confirm ${unconfirmed} renewal deal(s); the retry looks for each on HubSpot first and never makes a second one`,
    );
  return { enabled: true, due: due.length, ...run };
}

async function createRenewalDeal(
  { db, client }: { readonly db: Executor; readonly client: Client },
  portalId: number,
  record: RenewalRecord,
  dealName: string,
  placement: Placement,
  contractSettings: ContractSettings,
): Promise<{ kind: 'created' | 'recovered'; dealId: string } | { kind: 'skipped' }> {
  const id = renewalDealActionId(record.companyId, record.renewalDate);
  const details = {
    state: 'pending',
    claim: randomUUID(),
    dealName,
    stageLabel: placement.stageLabel,
    startedAt: new Date().toISOString(),
  };
  const claim = await claimCardAction(db, id, {
    portalId,
    companyId: record.companyId,
    action: 'create_renewal_deal',
    subject: record.renewalDate,
    actor,
    details,
  });
  if (!claim.claimed) {
    if (claim.row.resultId !== null) return { kind: 'skipped' };
    const seen = claimDetailsSchema.parse(claim.row.details);
    if (seen.state === 'pending' && Date.now() - Date.parse(seen.startedAt) < claimLeaseMs) return { kind: 'skipped' };
    const found = await findCreatedDeal(client, record.companyId, seen.dealName, seen.startedAt);
    if (found !== undefined) {
      await settleSuggestedDeal(db, portalId, id, {
        dealId: found,
        details: { ...claim.row.details, state: 'created', recoveredAt: new Date().toISOString() },
      });
      return { kind: 'recovered', dealId: found };
    }
    if (!(await retakeSuggestedDeal(db, portalId, id, seen.claim, details))) return { kind: 'skipped' };
  }
  let created: HubSpotObject;
  try {
    created = await createCompanyDeal(client, 'create renewal deal', {
      companyId: record.companyId,
      name: dealName,
      pipelineId: placement.pipelineId,
      stageId: placement.stageId,
      monthlyMinor: record.amountMinor,
      minorUnitDigits: contractSettings.minorUnitDigits,
      properties: {
        cs_deal_kind: 'renewal',
        // Noon UTC is the renewal date itself in every portal time zone from UTC-11 to UTC+11.
        closedate: `${record.renewalDate}T12:00:00.000Z`,
      },
    });
    await settleSuggestedDeal(db, portalId, id, { dealId: created.id, details: { ...details, state: 'created' } });
  } catch (error) {
    const status = statusOf(error);
    // HubSpot refused the request (4xx): nothing was created, so the renewal is free to try again.
    if (status !== undefined && status < 500) await settleSuggestedDeal(db, portalId, id, 'release');
    else await settleSuggestedDeal(db, portalId, id, { unconfirmed: { ...details, state: 'unconfirmed' } });
    throw error;
  }
  // Stored as the sync stores HubSpot's deals, so the card's Renewal section shows it now, not after the next sync.
  await applyRecordChanges(db, portalId, contractSettings, { deals: [created] });
  return { kind: 'created', dealId: created.id };
}

/** `createDueRenewalDeals` as of today in the portal's time zone. */
export async function createDueRenewalDealsToday(
  context: { readonly db: Executor; readonly client: Client },
  portalId: number,
  now = new Date(),
): Promise<RenewalDealRun> {
  const portal = await findPortal(context.db, portalId);
  if (!portal) throw new ServiceError('not_found', `Portal ${portalId} has not been synced`);
  return createDueRenewalDeals(context, portalId, instantToLocalDate(now.getTime(), portal.timeZone));
}
