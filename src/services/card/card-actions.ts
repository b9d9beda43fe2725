import type { LifecycleStage } from '../../../extensions/app/cards/shared/card-payload';
import { recordCardAction } from '../../db/repositories/card-actions-repository';
import { ServiceError } from '../service-error';
import { requireCompany, type CardActionContext } from './card-action-context';
import type { CompanySuccessPort } from './company-success-port';

function requireSuccess(success: CompanySuccessPort | undefined): CompanySuccessPort {
  if (!success)
    throw new ServiceError('unavailable', 'Onboarding, health and suggestions are not available on this service');
  return success;
}

export async function setStage(context: CardActionContext, stage: LifecycleStage): Promise<void> {
  const success = requireSuccess(context.success);
  await requireCompany(context);
  await success.setManualStage(context.db, context.portal.id, context.companyId, stage, context.actor);
  await recordCardAction(context.db, {
    portalId: context.portal.id,
    companyId: context.companyId,
    action: 'set_stage',
    subject: stage,
    actor: context.actor,
  });
}

export async function completeMilestone(context: CardActionContext, milestoneKey: string): Promise<void> {
  const success = requireSuccess(context.success);
  await requireCompany(context);
  await success.completeMilestone(context.db, context.portal.id, context.companyId, milestoneKey, context.actor);
  await recordCardAction(context.db, {
    portalId: context.portal.id,
    companyId: context.companyId,
    action: 'complete_milestone',
    subject: milestoneKey,
    actor: context.actor,
  });
}

export async function dismissSuggestion(
  context: CardActionContext,
  suggestionId: string,
  reason: string,
): Promise<void> {
  const success = requireSuccess(context.success);
  await requireCompany(context);
  await success.dismissSuggestion(
    context.db,
    context.portal.id,
    context.companyId,
    suggestionId,
    reason,
    context.actor,
  );
  await recordCardAction(context.db, {
    portalId: context.portal.id,
    companyId: context.companyId,
    action: 'dismiss_suggestion',
    subject: suggestionId,
    actor: context.actor,
    details: { reason },
  });
}

export type { CardActionContext } from './card-action-context';
export { createSuggestedDeal } from './suggested-deal';
