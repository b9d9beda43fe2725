import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import type { LifecycleStage } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import { recordCardAction } from '../../db/repositories/card-actions-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { toMajorUnits } from '../../domain/money/major-units';
import { AppError } from '../../http/app-error';
import { withRetry } from '../../hubspot/client';
import { minorUnitDigits } from '../../hubspot/portal-details';
import type { SuggestedDealSettings } from '../../domain/deals/suggested-deal-placement';
import { loadCompanyCard } from './company-card-service';
import type { CompanySuccessPort } from './company-success-port';
import { suggestedDealPlacement } from './suggested-deal-placement';

// HubSpot-defined association type: deal to company, primary.
const dealToCompanyPrimary = 5;

export interface CardActionContext {
  readonly db: Database;
  readonly portal: Portal;
  readonly companyId: string;
  readonly asOf: string;
  /** The HubSpot user from the signed request (e-mail, else `user:<id>`). */
  readonly actor: string;
  readonly success?: CompanySuccessPort;
  /** Where suggested deals go; unset: the first open stage of the default pipeline. */
  readonly suggestedDeal?: SuggestedDealSettings;
}

function requireSuccess(success: CompanySuccessPort | undefined): CompanySuccessPort {
  if (!success) throw new AppError('unavailable', 'Onboarding, health and suggestions are not available on this service');
  return success;
}

async function requireCompany(context: CardActionContext) {
  return loadCompanyCard({ db: context.db, portal: context.portal, companyId: context.companyId, asOf: context.asOf, success: context.success });
}

export async function setStage(context: CardActionContext, stage: LifecycleStage): Promise<void> {
  const success = requireSuccess(context.success);
  await requireCompany(context);
  await success.setManualStage(context.db, context.portal.id, context.companyId, stage, context.actor);
  await recordCardAction(context.db, { portalId: context.portal.id, companyId: context.companyId, action: 'set_stage', subject: stage, actor: context.actor });
}

export async function completeMilestone(context: CardActionContext, milestoneKey: string): Promise<void> {
  const success = requireSuccess(context.success);
  await requireCompany(context);
  await success.completeMilestone(context.db, context.portal.id, context.companyId, milestoneKey, context.actor);
  await recordCardAction(context.db, { portalId: context.portal.id, companyId: context.companyId, action: 'complete_milestone', subject: milestoneKey, actor: context.actor });
}

export async function dismissSuggestion(context: CardActionContext, suggestionId: string, reason: string): Promise<void> {
  const success = requireSuccess(context.success);
  await requireCompany(context);
  await success.dismissSuggestion(context.db, context.portal.id, context.companyId, suggestionId, reason, context.actor);
  await recordCardAction(context.db, {
    portalId: context.portal.id,
    companyId: context.companyId,
    action: 'dismiss_suggestion',
    subject: suggestionId,
    actor: context.actor,
    details: { reason },
  });
}

/** Creates the suggested deal in HubSpot, associated with the company, once per suggestion. */
export async function createSuggestedDeal(context: CardActionContext, client: Client | undefined, suggestionId: string): Promise<string> {
  if (!client) throw new AppError('unavailable', 'No HubSpot connection: deals cannot be created');
  const card = await requireCompany(context);
  const suggestion = card.suggestions.items.find((item) => item.id === suggestionId);
  if (!suggestion) throw new AppError('not_found', `Suggestion ${suggestionId} is not offered for company ${context.companyId}`);
  if (suggestion.createdDealId !== null) throw new AppError('conflict', `Deal ${suggestion.createdDealId} was already created from this suggestion`);
  const placement = await suggestedDealPlacement(context.db, context.portal.id, context.suggestedDeal);
  const digits = minorUnitDigits(context.portal.currency);
  const monthly = toMajorUnits(suggestion.estimatedMrr.amountMinor, digits);
  const created = await withRetry('create suggested deal', () =>
    client.crm.deals.basicApi.create({
      properties: {
        dealname: `${card.company.name}: ${suggestion.title}`,
        pipeline: placement.pipelineId,
        dealstage: placement.stageId,
        amount: String(monthly * 12),
        cs_mrr: String(monthly),
        cs_deal_kind: suggestion.kind === 'cross_sell' ? 'cross_sell' : 'upsell',
        cs_product: suggestion.product,
      },
      associations: [{ to: { id: context.companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: dealToCompanyPrimary }] }],
    }),
  );
  await recordCardAction(context.db, {
    portalId: context.portal.id,
    companyId: context.companyId,
    action: 'create_suggested_deal',
    subject: suggestionId,
    actor: context.actor,
    resultId: created.id,
    details: { estimatedMrrMinor: suggestion.estimatedMrr.amountMinor },
  });
  return created.id;
}
