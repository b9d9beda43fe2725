import { dealKindSchema } from '../../domain/contracts/contract-schema';
import { customerSuccessProperties } from '../writeback/property-definitions';
import { date, money, number, property, select, text, type ProductProperty } from './definition-helpers';

const dealKindLabels: Record<(typeof dealKindSchema.options)[number], string> = {
  new: 'New business',
  renewal: 'Renewal',
  upsell: 'Upsell',
  cross_sell: 'Cross-sell',
  downgrade: 'Downgrade',
};

/** The company properties the sync reads that HubSpot does not define (domain §1: the app's `cs_*` properties). */
const companyReadProperties: readonly ProductProperty[] = [
  property(
    'cs_account_id',
    'CS account id',
    'The id of this customer in your product; usage events name it to find the company.',
    text,
  ),
  property(
    'cs_tier',
    'CS tier',
    'The customer segment (e.g. smb, mid_market, enterprise) that KPIs can be cut by.',
    text,
  ),
];

/** The deal properties a contract is read from (domain §1.1) and the suggested deal is written with. */
const dealProperties: readonly ProductProperty[] = [
  property(
    'cs_mrr',
    'CS MRR',
    'Monthly recurring revenue of this contract; when empty, amount / term (or amount / 12) is used.',
    money,
  ),
  property('cs_term_months', 'CS term (months)', 'Contract length in whole months; 12 when empty.', number),
  property('cs_contract_start', 'CS contract start', 'First day of the contract; the close date when empty.', date),
  property(
    'cs_contract_end',
    'CS contract end',
    'Day after the last day of the contract; start + term when empty.',
    date,
  ),
  property('cs_seats', 'CS seats', 'Seats purchased with this contract.', number),
  property(
    'cs_product',
    'CS product line',
    'The product line (catalog id) this contract is for; core when empty.',
    text,
  ),
  property(
    'cs_deal_kind',
    'CS deal kind',
    'New, renewal, upsell, cross-sell or downgrade; from the deal type when empty.',
    select(dealKindSchema.options.map((kind) => [kind, dealKindLabels[kind]] as const)),
  ),
];

export const productObjectTypes = ['companies', 'deals'] as const;
export type ProductObjectType = (typeof productObjectTypes)[number];

/** Every custom property the product reads or writes, per object type: created at install and on start. */
export const productProperties: Record<ProductObjectType, readonly ProductProperty[]> = {
  companies: [...customerSuccessProperties, ...companyReadProperties],
  deals: dealProperties,
};

/** The product properties people fill in HubSpot (the rest the app writes itself). */
export const inputProperties: Record<ProductObjectType, readonly ProductProperty[]> = {
  companies: companyReadProperties,
  deals: dealProperties,
};

export function productPropertyNames(type: ProductObjectType): string[] {
  return productProperties[type].map((definition) => definition.name);
}
