import { randomUUID } from 'node:crypto';
import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import {
  claimSuggestedDeal,
  retakeSuggestedDeal,
  settleSuggestedDeal,
  suggestedDealActionId,
} from '../../db/repositories/card-actions-repository';
import { ServiceError } from '../service-error';
import { statusOf } from '../../hubspot/client';
import { findCompanyRecord } from '../../hubspot/associations/company-record-lookup';
import { createCompanyDeal } from '../../hubspot/deals/create-company-deal';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { requireCompany, type CardActionContext } from './card-action-context';
import { suggestedDealPlacement } from './suggested-deal-placement';

// HubSpot-defined association type: deal to company, primary.
// A claim this young belongs to a request that may still be waiting for HubSpot's answer.
const claimLeaseMs = 2 * 60_000;
// HubSpot's createdate comes from its clock, ours from this one: room for skew when matching a lost answer.
const clockSkewMs = 60_000;

const claimDetailsSchema = z.object({
  state: z.enum(['pending', 'unconfirmed', 'created']),
  claim: z.string(),
  dealName: z.string(),
  startedAt: z.string(),
});

/** The company's deal of that name created since `since`: a create whose answer was lost. */
export function findCreatedDeal(
  client: Client,
  companyId: string,
  dealName: string,
  since: string,
): Promise<string | undefined> {
  return findCompanyRecord(
    client,
    companyId,
    'deals',
    ['dealname', 'createdate'],
    (deal) =>
      deal.properties.dealname === dealName &&
      Date.parse(deal.properties.createdate ?? '') >= Date.parse(since) - clockSkewMs,
  );
}

function beingCreated(): ServiceError {
  return new ServiceError('conflict', 'This deal is being created by another request: reload the card in a moment');
}

/**
 * Creates the suggested deal in HubSpot, associated with the company, once per suggestion: a claim row is
 * written before HubSpot is called, so concurrent or replayed requests make one deal; a create whose answer
 * was lost is found on HubSpot before any second try.
 */
export async function createSuggestedDeal(
  context: CardActionContext,
  client: Client | undefined,
  suggestionId: string,
): Promise<string> {
  if (!client) throw new ServiceError('unavailable', 'No HubSpot connection: deals cannot be created');
  const card = await requireCompany(context);
  const suggestion = card.suggestions.items.find((item) => item.id === suggestionId);
  if (!suggestion)
    throw new ServiceError('not_found', `Suggestion ${suggestionId} is not offered for company ${context.companyId}`);
  if (suggestion.createdDealId !== null)
    throw new ServiceError('conflict', `Deal ${suggestion.createdDealId} was already created from this suggestion`);
  const { db, portal, companyId } = context;
  // Checked before the claim: a misconfigured pipeline or stage leaves nothing behind to clear.
  const placement = await suggestedDealPlacement(db, portal.id, context.suggestedDeal);
  const dealName = `${card.company.name}: ${suggestion.title}`;
  const details = {
    state: 'pending',
    claim: randomUUID(),
    dealName,
    startedAt: new Date().toISOString(),
    estimatedMrrMinor: suggestion.estimatedMrr.amountMinor,
  };
  const actionId = suggestedDealActionId(companyId, suggestionId);
  const claim = await claimSuggestedDeal(db, {
    portalId: portal.id,
    companyId,
    action: 'create_suggested_deal',
    subject: suggestionId,
    actor: context.actor,
    details,
  });
  if (!claim.claimed) {
    if (claim.row.resultId !== null)
      throw new ServiceError('conflict', `Deal ${claim.row.resultId} was already created from this suggestion`);
    const seen = claimDetailsSchema.parse(claim.row.details);
    if (seen.state === 'pending' && Date.now() - Date.parse(seen.startedAt) < claimLeaseMs) throw beingCreated();
    const found = await findCreatedDeal(client, companyId, seen.dealName, seen.startedAt);
    if (found !== undefined) {
      await settleSuggestedDeal(db, portal.id, actionId, {
        dealId: found,
        details: { ...claim.row.details, state: 'created', recoveredAt: new Date().toISOString() },
      });
      return found;
    }
    if (!(await retakeSuggestedDeal(db, portal.id, actionId, seen.claim, details))) throw beingCreated();
  }
  try {
    const created = await createCompanyDeal(client, 'create suggested deal', {
      companyId,
      name: dealName,
      pipelineId: placement.pipelineId,
      stageId: placement.stageId,
      monthlyMinor: suggestion.estimatedMrr.amountMinor,
      minorUnitDigits: minorUnitDigits(portal.currency),
      properties: {
        cs_deal_kind: suggestion.kind === 'cross_sell' ? 'cross_sell' : 'upsell',
        cs_product: suggestion.product,
      },
    });
    await settleSuggestedDeal(db, portal.id, actionId, {
      dealId: created.id,
      details: { ...details, state: 'created' },
    });
    return created.id;
  } catch (error) {
    const status = statusOf(error);
    // HubSpot refused the request (4xx): nothing was created, so the suggestion is free to try again.
    if (status !== undefined && status < 500) {
      await settleSuggestedDeal(db, portal.id, actionId, 'release');
      throw error;
    }
    await settleSuggestedDeal(db, portal.id, actionId, { unconfirmed: { ...details, state: 'unconfirmed' } });
    throw new ServiceError(
      'upstream_failed',
      'HubSpot did not confirm that the deal was created. Try again: the retry looks for the deal in HubSpot first and never makes a second one',
    );
  }
}
