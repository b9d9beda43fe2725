import { z } from 'zod';
import type { CompanyRow } from '../../db/repositories/companies-repository';
import type { DealCompanyRow, DealRow } from '../../db/repositories/deals-repository';

export const companyProperties = [
  'name',
  'domain',
  'industry',
  'hubspot_owner_id',
  'lifecyclestage',
  'numberofemployees',
  'annualrevenue',
  'country',
  'city',
  'cs_account_id',
  'cs_tier',
  'createdate',
  'hs_lastmodifieddate',
  'cs_health_score',
  'cs_health_band',
  'cs_onboarding_stage',
  'cs_csm',
  // Read-only in HubSpot: the parent company's id, set while a parent-to-child association (type 13/14) exists.
  'hs_parent_company_id',
  // Read-only: the ids of the companies merged into this one, which the service's records of them follow.
  'hs_merged_object_ids',
] as const;

export const dealProperties = [
  'dealname',
  'amount',
  'closedate',
  'dealstage',
  'pipeline',
  'dealtype',
  'hubspot_owner_id',
  'hs_mrr',
  'cs_mrr',
  'cs_term_months',
  'cs_contract_start',
  'cs_contract_end',
  'cs_seats',
  'cs_product',
  'cs_deal_kind',
  'deal_currency_code',
  'createdate',
  'hs_lastmodifieddate',
  'hs_merged_object_ids',
] as const;

const propertiesSchema = z.record(z.string(), z.string().nullable().optional());

// The official client deserialises timestamps into Date objects; HubSpot's JSON has ISO strings.
const timestampSchema = z.union([z.date(), z.string().transform((value) => new Date(value))]).optional();

export const hubspotObjectSchema = z.object({
  id: z.string().min(1),
  properties: propertiesSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  archived: z.boolean().optional(),
  associations: z
    .record(z.string(), z.object({ results: z.array(z.object({ id: z.string(), type: z.string() })) }))
    .optional(),
});

export type HubSpotObject = z.infer<typeof hubspotObjectSchema>;

function cleanProperties(properties: HubSpotObject['properties']): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [name, value === undefined || value === '' ? null : value]),
  );
}

export function toCompanyRow(portalId: number, company: HubSpotObject): CompanyRow {
  const properties = cleanProperties(company.properties);
  return {
    portalId,
    id: company.id,
    name: properties.name ?? null,
    domain: properties.domain ?? null,
    industry: properties.industry ?? null,
    ownerId: properties.hubspot_owner_id ?? null,
    lifecycleStage: properties.lifecyclestage ?? null,
    tier: properties.cs_tier ?? null,
    accountId: properties.cs_account_id ?? null,
    properties,
    hubspotCreatedAt: company.createdAt ?? null,
    hubspotUpdatedAt: company.updatedAt ?? null,
    archived: company.archived ?? false,
  };
}

/** A record HubSpot made of others: its id and theirs (`hs_merged_object_ids`), the primary's first. */
export interface RecordMerge {
  readonly survivorId: string;
  readonly mergedIds: readonly string[];
}

/** The merges among these records: each that lists ids merged into it (its own left out), in HubSpot's order. */
export function recordMerges(
  records: readonly { readonly id: string; readonly properties: Readonly<Record<string, string | null>> }[],
): RecordMerge[] {
  return records.flatMap((record) => {
    const mergedIds = (record.properties.hs_merged_object_ids ?? '')
      .split(';')
      .filter((id) => /^\d+$/.test(id) && id !== record.id);
    return mergedIds.length === 0 ? [] : [{ survivorId: record.id, mergedIds }];
  });
}

// The v3 association type name of a deal's primary company.
export const primaryDealToCompanyType = 'deal_to_company';

/** A deal's companies, primary first (domain §1.1: the primary association, else the first). */
export function dealCompanyIds(deal: HubSpotObject): string[] {
  const results = deal.associations?.companies?.results ?? [];
  const ordered: string[] = [];
  for (const result of results) if (!ordered.includes(result.id)) ordered.push(result.id);
  const primary = results.find((result) => result.type === primaryDealToCompanyType)?.id;
  return primary === undefined ? ordered : [primary, ...ordered.filter((id) => id !== primary)];
}

export interface MappedDeal {
  readonly row: DealRow;
  readonly links: DealCompanyRow[];
  readonly companyIds: string[];
  readonly properties: Record<string, string | null>;
}

export function toDealRecord(portalId: number, deal: HubSpotObject): MappedDeal {
  const properties = cleanProperties(deal.properties);
  const companyIds = dealCompanyIds(deal);
  const closeDate = properties.closedate ? new Date(properties.closedate) : null;
  return {
    row: {
      portalId,
      id: deal.id,
      name: properties.dealname ?? null,
      amount: properties.amount ?? null,
      closeDate: closeDate && !Number.isNaN(closeDate.getTime()) ? closeDate : null,
      pipelineId: properties.pipeline ?? null,
      stageId: properties.dealstage ?? null,
      dealType: properties.dealtype ?? null,
      ownerId: properties.hubspot_owner_id ?? null,
      primaryCompanyId: companyIds[0] ?? null,
      properties,
      hubspotCreatedAt: deal.createdAt ?? null,
      hubspotUpdatedAt: deal.updatedAt ?? null,
      archived: deal.archived ?? false,
    },
    links: companyIds.map((companyId, position) => ({
      portalId,
      dealId: deal.id,
      companyId,
      isPrimary: position === 0,
      position,
    })),
    companyIds,
    properties,
  };
}
