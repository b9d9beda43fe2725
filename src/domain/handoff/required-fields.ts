import {
  parseDateProperty,
  parseDateTimeProperty,
  parseRecurringAmount,
  parseSeats,
  parseTermMonths,
  propertyValue,
  type DealProperties,
  type Parsed,
} from '../contracts/deal-properties';
import type { RequiredDealField } from './handoff-settings';

export interface MissingDealField {
  readonly field: RequiredDealField;
  readonly label: string;
  /** The deal properties that would satisfy it, in the order the contract rules read them. */
  readonly properties: readonly string[];
  /** Those properties' labels as HubSpot shows them on the deal, when known: what the deal owner looks for. */
  readonly propertyLabels?: readonly string[];
  readonly problem: 'missing' | 'invalid';
  readonly detail: string;
}

interface FieldRule {
  readonly label: string;
  readonly properties: readonly string[];
  readonly parse: (properties: DealProperties, timeZone: string) => Parsed<unknown>;
}

// Each field is read by the same parser the contract derivation uses (domain §1.1), so "filled" means "usable".
const fieldRules: Record<RequiredDealField, FieldRule> = {
  amount: {
    label: 'Amount (or MRR)',
    properties: ['cs_mrr', 'hs_mrr', 'amount'],
    parse: (properties) => parseRecurringAmount(properties, 2),
  },
  contract_start: {
    label: 'Contract start date',
    properties: ['cs_contract_start'],
    parse: (properties) => parseDateProperty(properties, 'cs_contract_start'),
  },
  contract_end: {
    label: 'Contract end date',
    properties: ['cs_contract_end'],
    parse: (properties) => parseDateProperty(properties, 'cs_contract_end'),
  },
  term: { label: 'Term (months)', properties: ['cs_term_months'], parse: parseTermMonths },
  seats: { label: 'Seats', properties: ['cs_seats'], parse: parseSeats },
  product: { label: 'Product', properties: ['cs_product'], parse: () => ({ ok: true, value: null }) },
  close_date: {
    label: 'Close date',
    properties: ['closedate'],
    parse: (properties, timeZone) => parseDateTimeProperty(properties, 'closedate', timeZone),
  },
};

/** The required fields a deal leaves empty or unreadable, in the order the setting lists them. */
export function missingDealFields(
  properties: DealProperties,
  required: readonly RequiredDealField[],
  timeZone: string,
): MissingDealField[] {
  const missing: MissingDealField[] = [];
  for (const field of new Set(required)) {
    const rule = fieldRules[field];
    const isSet = rule.properties.some((name) => propertyValue(properties, name) !== null);
    if (!isSet) {
      missing.push({
        field,
        label: rule.label,
        properties: rule.properties,
        problem: 'missing',
        detail: `${rule.properties.join(' or ')} is empty`,
      });
      continue;
    }
    const parsed = rule.parse(properties, timeZone);
    if (!parsed.ok)
      missing.push({
        field,
        label: rule.label,
        properties: rule.properties,
        problem: 'invalid',
        detail: parsed.detail,
      });
  }
  return missing;
}
