import { z } from 'zod';

const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

export const propertyValuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const associationSpecSchema = z.object({
  associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
  associationTypeId: z.number().int(),
});

export const associationInputSchema = z.object({
  to: z.object({ id: idSchema }),
  types: z.array(associationSpecSchema).min(1),
});
export type AssociationInput = z.infer<typeof associationInputSchema>;

export const createInputSchema = z.object({
  properties: propertyValuesSchema.default({}),
  associations: z.array(associationInputSchema).default([]),
  objectWriteTraceId: z.string().optional(),
});

export const updateInputSchema = z.object({
  properties: propertyValuesSchema,
  objectWriteTraceId: z.string().optional(),
});

export const batchReadSchema = z.object({
  inputs: z.array(z.object({ id: idSchema })),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});

export const batchCreateSchema = z.object({ inputs: z.array(createInputSchema) });

export const batchUpdateSchema = z.object({
  inputs: z.array(updateInputSchema.extend({ id: idSchema, idProperty: z.string().optional() })),
});

export const batchUpsertSchema = z.object({
  inputs: z.array(updateInputSchema.extend({ id: idSchema, idProperty: z.string().min(1) })),
});

export const batchArchiveSchema = z.object({ inputs: z.array(z.object({ id: idSchema })) });

export const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum([
    'EQ',
    'NEQ',
    'LT',
    'LTE',
    'GT',
    'GTE',
    'BETWEEN',
    'IN',
    'NOT_IN',
    'HAS_PROPERTY',
    'NOT_HAS_PROPERTY',
    'CONTAINS_TOKEN',
    'NOT_CONTAINS_TOKEN',
  ]),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
  highValue: z.union([z.string(), z.number()]).transform(String).optional(),
  values: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
});
export type Filter = z.infer<typeof filterSchema>;

// The client's model types sorts as strings; HubSpot's docs send objects. Both are accepted.
const sortSchema = z.union([
  z
    .string()
    .min(1)
    .transform((text) =>
      text.startsWith('-')
        ? { propertyName: text.slice(1), direction: 'DESCENDING' as const }
        : { propertyName: text, direction: 'ASCENDING' as const },
    ),
  z.object({ propertyName: z.string().min(1), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);
export type Sort = z.infer<typeof sortSchema>;

export const searchRequestSchema = z.object({
  query: z.string().optional(),
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(sortSchema).default([]),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;
