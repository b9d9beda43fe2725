import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { toMajorUnits } from '../../domain/money/major-units';
import { withRetry } from '../client';
import { hubspotObjectSchema, primaryDealToCompanyType, type HubSpotObject } from '../sync/record-mapping';

const dealToCompanyPrimary = 5;

/** A deal the product opens for a company: in a placed pipeline stage, priced from a monthly amount. */
export interface CompanyDeal {
  readonly companyId: string;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly monthlyMinor: number;
  readonly minorUnitDigits: number;
  /** The product's own deal properties (cs_deal_kind, cs_product, ...) and any HubSpot one the caller sets. */
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * Creates the deal with the company as its primary company. Never retried on a 5xx: HubSpot may have created it,
 * so the caller looks for it (a pending row under a unique key) instead of creating a second one. Answers the
 * deal as a sync would read it (HubSpot's create answer carries no associations: the one just made is added).
 */
export async function createCompanyDeal(client: Client, operation: string, deal: CompanyDeal): Promise<HubSpotObject> {
  const created = await withRetry(
    operation,
    () =>
      client.crm.deals.basicApi.create({
        properties: {
          dealname: deal.name,
          pipeline: deal.pipelineId,
          dealstage: deal.stageId,
          // A year of the monthly amount, computed in minor units: 0.10 x 12 in floats is 1.2000000000000002.
          amount: String(toMajorUnits(deal.monthlyMinor * 12, deal.minorUnitDigits)),
          cs_mrr: String(toMajorUnits(deal.monthlyMinor, deal.minorUnitDigits)),
          ...deal.properties,
        },
        associations: [
          {
            to: { id: deal.companyId },
            types: [
              {
                associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                associationTypeId: dealToCompanyPrimary,
              },
            ],
          },
        ],
      }),
    { retryServerErrors: false },
  );
  return {
    ...hubspotObjectSchema.parse(created),
    associations: { companies: { results: [{ id: deal.companyId, type: primaryDealToCompanyType }] } },
  };
}
