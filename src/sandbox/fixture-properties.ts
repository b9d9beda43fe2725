import { z } from 'zod';
import type { ObjectType } from './object-types';
import { fieldTypeSchema, propertyTypeSchema, type PropertyCreate } from './property-schemas';

const optionSchema = z.union([
  z
    .string()
    .min(1)
    .transform((value) => ({ value, label: value })),
  z.object({ value: z.string().min(1), label: z.string().min(1) }),
]);

/** A custom property a fixture's portal has; everything but name and type defaults to HubSpot's usual. */
export const fixturePropertySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must start with a lower-case letter and hold only a-z, 0-9 and _'),
  type: propertyTypeSchema,
  label: z.string().min(1).optional(),
  fieldType: fieldTypeSchema.optional(),
  groupName: z.string().min(1).optional(),
  description: z.string().default(''),
  options: z.array(optionSchema).default([]),
  referencedObjectType: z.literal('OWNER').optional(),
});

/** Custom properties per object type: a fixture declares every non-HubSpot property its records use. */
export const fixturePropertiesSchema = z
  .object({
    companies: z.array(fixturePropertySchema).default([]),
    deals: z.array(fixturePropertySchema).default([]),
  })
  .default({ companies: [], deals: [] });

/**
 * Options a portal's admins added to HubSpot's own enumeration properties, per object type and property: a "Renewal"
 * deal type, say, which HubSpot then stores on deals like its own two.
 */
export const fixtureAddedOptionsSchema = z
  .object({
    companies: z.record(z.string(), z.array(optionSchema).min(1)).default({}),
    deals: z.record(z.string(), z.array(optionSchema).min(1)).default({}),
  })
  .default({ companies: {}, deals: {} });

export type FixtureProperty = z.infer<typeof fixturePropertySchema>;
export type FixturePropertyInput = z.input<typeof fixturePropertySchema>;

const defaultFieldTypes: Record<FixtureProperty['type'], PropertyCreate['fieldType']> = {
  string: 'text',
  number: 'number',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
  bool: 'booleancheckbox',
  phone_number: 'phonenumber',
};

const defaultGroups: Partial<Record<ObjectType, string>> = {
  companies: 'companyinformation',
  deals: 'dealinformation',
};

export function toPropertyCreate(type: ObjectType, declared: FixtureProperty): PropertyCreate {
  const owner = declared.referencedObjectType === 'OWNER';
  return {
    name: declared.name,
    label: declared.label ?? declared.name,
    type: declared.type,
    fieldType: declared.fieldType ?? defaultFieldTypes[declared.type],
    groupName: declared.groupName ?? defaultGroups[type] ?? 'companyinformation',
    description: declared.description,
    options: declared.options.map((option, displayOrder) => ({ ...option, displayOrder, hidden: false })),
    displayOrder: -1,
    hasUniqueValue: false,
    hidden: false,
    formField: false,
    externalOptions: owner,
    ...(owner ? { referencedObjectType: 'OWNER' } : {}),
  };
}
