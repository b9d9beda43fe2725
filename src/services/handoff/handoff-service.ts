import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import {
  findCompany,
  findDealWithCompanies,
  markOnboardingEnsured,
  saveHandoffState,
  type HandoffEngagementKind,
} from '../../db/repositories/handoff-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { parseDealKind } from '../../domain/contracts/deal-properties';
import {
  handoffSettingsSchema,
  type HandoffSettings,
  type HandoffSettingsInput,
} from '../../domain/handoff/handoff-settings';
import { missingDealFields, type MissingDealField } from '../../domain/handoff/required-fields';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { withRetry, type RetryOptions } from '../../hubspot/client';
import { loadContractSettings } from '../sync/contract-settings';
import {
  customerSuccessSettingsFor,
  type CustomerSuccessSettings,
} from '../customer-success/customer-success-settings';
import { ensureOnboarding } from '../customer-success/onboarding-service';
import { buildDealSummary } from './deal-summary';
import { createHandoffEngagements, type HandoffEngagementOutcomes } from './handoff-engagement-plan';
import { assignCsm, storeDealContract, touchModelAtHandoff, type CsmOutcome } from './handoff-records';

export interface HandOffDependencies {
  readonly db: Database;
  readonly client: Client;
  readonly logger: Logger;
  readonly settings?: HandoffSettings | HandoffSettingsInput;
  readonly customerSuccessSettings?: CustomerSuccessSettings;
  readonly now?: () => Date;
  readonly retry?: RetryOptions;
  /** Tests: runs after HubSpot answered a create and before its id is recorded, where a crash would hurt. */
  readonly afterCreate?: (kind: HandoffEngagementKind, hubspotId: string) => void | Promise<void>;
}

export type HandOffSkipReason = 'portal_not_synced' | 'deal_not_found' | 'not_closed_won' | 'no_company';

export type HandOffResult =
  | {
      readonly status: 'skipped';
      readonly portalId: number;
      readonly dealId: string;
      readonly reason: HandOffSkipReason;
    }
  | {
      readonly status: 'handed_off';
      readonly portalId: number;
      readonly dealId: string;
      readonly companyId: string;
      readonly dealKind: string;
      /** Required deal fields are missing: the deal owner has a task listing them. */
      readonly incomplete: boolean;
      readonly missingFields: MissingDealField[];
      readonly contractStored: boolean;
      readonly onboardingCreated: boolean;
      readonly csm: CsmOutcome | null;
      readonly engagements: HandOffEngagementOutcomes;
    };

export type HandOffEngagementOutcomes = HandoffEngagementOutcomes;

/**
 * Hands a closed-won deal to Customer Success: contract, onboarding, CSM, a task for the CSM, a note with the
 * deal summary, and a task for the deal owner while required fields are missing. Reads the deal as synced;
 * safe to call any number of times for the same deal (a replayed event, a retry after a crash).
 */
export async function handOffDeal(deps: HandOffDependencies, portalId: number, dealId: string): Promise<HandOffResult> {
  const settings = handoffSettingsSchema.parse(deps.settings ?? {});
  const customerSuccess = deps.customerSuccessSettings ?? (await customerSuccessSettingsFor(deps.db, portalId));
  const now = deps.now ?? (() => new Date());
  const skipped = (reason: HandOffSkipReason): HandOffResult => {
    deps.logger.debug({ portalId, dealId, reason }, 'hand-off skipped');
    return { status: 'skipped', portalId, dealId, reason };
  };
  const portal = await findPortal(deps.db, portalId);
  if (!portal) return skipped('portal_not_synced');
  const found = await findDealWithCompanies(deps.db, portalId, dealId);
  if (!found || found.deal.archived) return skipped('deal_not_found');
  const { deal } = found;
  const contractSettings = await loadContractSettings(deps.db, portalId);
  if (deal.stageId === null || !contractSettings.closedWonStageIds.includes(deal.stageId))
    return skipped('not_closed_won');
  const companyId = found.companyIds[0] ?? deal.primaryCompanyId;
  const company = companyId ? await findCompany(deps.db, portalId, companyId) : null;
  if (!company || company.archived) return skipped('no_company');

  const startedAt = now();
  const today = instantToLocalDate(startedAt.getTime(), portal.timeZone);
  const digits = contractSettings.minorUnitDigits;
  const kind = parseDealKind(deal.properties, contractSettings.dealTypes, contractSettings.pipelineKinds);
  const kindOfDeal = kind.ok ? kind.value : 'new';
  const missing = missingDealFields(deal.properties, settings.requiredDealFields, portal.timeZone);

  // Every local write of the hand-off commits together; HubSpot is called only after, with the row in place.
  const local = await deps.db.transaction(async (transaction) => {
    const contract = await storeDealContract(transaction, portalId, deal, found.companyIds, contractSettings);
    // The contract's kind: an Existing business deal may be a renewal that follows on (KPI setting renewals.followOn).
    const dealKind = contract.contract?.kind ?? kindOfDeal;
    const measuredOn =
      contract.contract !== null && contract.contract.startDate > today ? contract.contract.startDate : today;
    const { mrrMinor, touchModel } = await touchModelAtHandoff(
      transaction,
      portalId,
      company.id,
      measuredOn,
      customerSuccess,
    );
    const csm = await assignCsm(transaction, {
      portalId,
      company,
      dealId,
      touchModel,
      today,
      now: startedAt,
      settings,
    });
    await saveHandoffState(transaction, {
      portalId,
      dealId,
      companyId: company.id,
      dealKind,
      missingFields: missing.map((field) => field.field),
      incomplete: missing.length > 0,
      csmOwnerId: csm?.ownerId ?? null,
    });
    let onboardingCreated = false;
    if (dealKind === 'new') {
      onboardingCreated = await ensureOnboarding(
        transaction,
        portalId,
        company.id,
        contract.contract?.startDate ?? today,
        { mrrMinor, settings: customerSuccess },
      );
      await markOnboardingEnsured(transaction, portalId, dealId);
    }
    return { contract, dealKind, touchModel, csm, onboardingCreated };
  });
  const { dealKind } = local;
  if (local.csm === null)
    deps.logger.warn(
      { portalId, dealId, companyId: company.id },
      'no CSM is eligible: the hand-off task is left unassigned',
    );
  if (local.contract.contract === null)
    deps.logger.info(
      { portalId, dealId, reason: local.contract.notDerivedBecause },
      'closed-won deal gives no contract yet',
    );

  const csmOwnerId = local.csm?.ownerId ?? null;
  if (settings.setCompanyOwner && csmOwnerId !== null && company.ownerId !== csmOwnerId) {
    await withRetry(
      'PATCH company owner',
      () => deps.client.crm.companies.basicApi.update(company.id, { properties: { hubspot_owner_id: csmOwnerId } }),
      {
        logger: deps.logger,
        ...deps.retry,
      },
    );
  }
  const summary = await buildDealSummary(deps.db, {
    portalId,
    deal,
    dealKind,
    company,
    contract: local.contract.contract,
    currency: portal.currency,
    minorUnitDigits: digits,
    timeZone: portal.timeZone,
    csmOwnerId,
    touchModel: local.touchModel,
    missing,
  });
  const engagements = await createHandoffEngagements(
    {
      db: deps.db,
      client: deps.client,
      logger: deps.logger,
      now,
      ...(deps.retry ? { retry: deps.retry } : {}),
      ...(deps.afterCreate ? { afterCreate: deps.afterCreate } : {}),
    },
    {
      portalId,
      dealId,
      companyId: company.id,
      timeZone: portal.timeZone,
      summary,
      csmOwnerId,
      dealOwnerId: deal.ownerId,
      touchModel: local.touchModel,
      settings,
    },
  );
  deps.logger.info(
    { portalId, dealId, companyId: company.id, incomplete: missing.length > 0, csm: csmOwnerId },
    'deal handed off to customer success',
  );
  return {
    status: 'handed_off',
    portalId,
    dealId,
    companyId: company.id,
    dealKind,
    incomplete: missing.length > 0,
    missingFields: missing,
    contractStored: local.contract.contract !== null,
    onboardingCreated: local.onboardingCreated,
    csm: local.csm,
    engagements,
  };
}
