import { z } from 'zod';

export const propertyTypeSchema = z.enum([
  'string',
  'number',
  'date',
  'datetime',
  'enumeration',
  'bool',
  'phone_number',
]);
export const fieldTypeSchema = z.enum([
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'calculation_equation',
  'html',
  'phonenumber',
  'file',
]);

export const optionInputSchema = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().default(-1),
  hidden: z.boolean().default(false),
  description: z.string().optional(),
});
export type PropertyOption = z.infer<typeof optionInputSchema>;

export const propertyCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must start with a lower-case letter and hold only a-z, 0-9 and _'),
  label: z.string().min(1),
  type: propertyTypeSchema,
  fieldType: fieldTypeSchema,
  groupName: z.string().min(1),
  description: z.string().default(''),
  options: z.array(optionInputSchema).default([]),
  displayOrder: z.number().int().default(-1),
  hasUniqueValue: z.boolean().default(false),
  hidden: z.boolean().default(false),
  formField: z.boolean().default(false),
  externalOptions: z.boolean().default(false),
  calculationFormula: z.string().optional(),
  referencedObjectType: z.string().optional(),
  /** A number shown as money in the portal's currency; HubSpot returns it with the definition. */
  showCurrencySymbol: z.boolean().optional(),
});
export type PropertyCreate = z.infer<typeof propertyCreateSchema>;

export const propertyUpdateSchema = z.object({
  label: z.string().min(1).optional(),
  type: propertyTypeSchema.optional(),
  fieldType: fieldTypeSchema.optional(),
  groupName: z.string().min(1).optional(),
  description: z.string().optional(),
  options: z.array(optionInputSchema).optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  calculationFormula: z.string().optional(),
  showCurrencySymbol: z.boolean().optional(),
});

export type PropertyUpdate = z.infer<typeof propertyUpdateSchema>;

export const propertyGroupCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  displayOrder: z.number().int().default(-1),
});
export const propertyGroupUpdateSchema = propertyGroupCreateSchema.omit({ name: true }).partial();
export type PropertyGroupCreate = z.infer<typeof propertyGroupCreateSchema>;
export type PropertyGroupUpdate = z.infer<typeof propertyGroupUpdateSchema>;

export interface ModificationMetadata {
  readonly archivable: boolean;
  readonly readOnlyDefinition: boolean;
  readonly readOnlyValue: boolean;
  readonly readOnlyOptions?: boolean;
}

/** A property definition in the shape of HubSpot's `Property` model. */
export type PropertyDefinition = Omit<PropertyCreate, 'options'> & {
  options: PropertyOption[];
  calculated: boolean;
  hubspotDefined: boolean;
  modificationMetadata: ModificationMetadata;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
};

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}
