import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
  type PropertyCreate,
} from '@hubspot/api-client/lib/codegen/crm/properties';

/** The group every product property sits in; HubSpot keeps groups per object type, so companies and deals each get one. */
export const customerSuccessGroup = { name: 'customer_success', label: 'Customer Success', displayOrder: -1 } as const;

/**
 * A property the product needs, as it is created. `showCurrencySymbol` (HubSpot shows the number as money in the
 * portal's currency) is part of HubSpot's properties API, but not of the official client v13's `PropertyCreate`,
 * whose serializer drops it: these definitions are sent as JSON (property-writes.ts).
 */
export type ProductProperty = PropertyCreate & { readonly showCurrencySymbol?: boolean };

export type PropertyShape = Pick<PropertyCreate, 'type' | 'fieldType'> & Partial<ProductProperty>;

function options(entries: ReadonlyArray<readonly [string, string]>) {
  return entries.map(([value, label], displayOrder) => ({ value, label, displayOrder, hidden: false }));
}

export function property(name: string, label: string, description: string, shape: PropertyShape): ProductProperty {
  return {
    name,
    label,
    description,
    groupName: customerSuccessGroup.name,
    formField: false,
    hasUniqueValue: false,
    hidden: false,
    displayOrder: -1,
    ...shape,
  };
}

export const number: PropertyShape = {
  type: PropertyCreateTypeEnum.Number,
  fieldType: PropertyCreateFieldTypeEnum.Number,
};
/** A number HubSpot shows as money, in the portal's currency ("$2,115"), and list filters compare as one. */
export const money: PropertyShape = { ...number, showCurrencySymbol: true };
export const text: PropertyShape = { type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text };
export const date: PropertyShape = { type: PropertyCreateTypeEnum.Date, fieldType: PropertyCreateFieldTypeEnum.Date };
export const datetime: PropertyShape = {
  type: PropertyCreateTypeEnum.Datetime,
  fieldType: PropertyCreateFieldTypeEnum.Date,
};

export function select(entries: ReadonlyArray<readonly [string, string]>): PropertyShape {
  return {
    type: PropertyCreateTypeEnum.Enumeration,
    fieldType: PropertyCreateFieldTypeEnum.Select,
    options: options(entries),
  };
}

export const ownerSelect: PropertyShape = {
  type: PropertyCreateTypeEnum.Enumeration,
  fieldType: PropertyCreateFieldTypeEnum.Select,
  referencedObjectType: 'OWNER',
  externalOptions: true,
};
