import { z } from 'zod';

// JSON Schema also allows `true` and `false` as schemas (a tuple's `items: false`): no constraint to break.
const schemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.preprocess(
    (value) => (typeof value === 'boolean' ? {} : value),
    z
      .object({
        type: z.union([z.string(), z.array(z.string())]).optional(),
        properties: z.record(z.string(), schemaSchema).optional(),
        required: z.array(z.string()).optional(),
        items: schemaSchema.optional(),
        enum: z.array(z.unknown()).optional(),
        maxLength: z.number().optional(),
        maximum: z.number().optional(),
        minimum: z.number().optional(),
        pattern: z.string().optional(),
        anyOf: z.array(schemaSchema).optional(),
      })
      .loose(),
  ),
);

export interface JsonSchema {
  readonly type?: string | string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: string[];
  readonly items?: JsonSchema;
  readonly enum?: unknown[];
  readonly maxLength?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly pattern?: string;
  readonly anyOf?: JsonSchema[];
}

export function asJsonSchema(value: unknown): JsonSchema {
  return schemaSchema.parse(value);
}

function typesOf(schema: JsonSchema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** A union (`a | null`, `string | number`) as one schema: a value it rules out is ruled out by every branch. */
function flattened(schema: JsonSchema): JsonSchema {
  if (schema.anyOf === undefined) return schema;
  const branches = schema.anyOf.map(flattened);
  const isNull = (branch: JsonSchema) => typesOf(branch).every((type) => type === 'null');
  const listed = branches.filter((branch) => branch.enum !== undefined);
  const numeric = branches.filter((branch) => typesOf(branch).some((type) => type === 'number' || type === 'integer'));
  const text = branches.filter((branch) => typesOf(branch).includes('string') && branch.enum === undefined);
  return {
    type: [...new Set(branches.flatMap(typesOf))],
    ...(listed.length > 0 && branches.every((branch) => branch.enum !== undefined || isNull(branch))
      ? { enum: listed.flatMap((branch) => branch.enum ?? []) }
      : {}),
    ...(numeric.length === 1 ? { maximum: numeric[0]?.maximum, minimum: numeric[0]?.minimum } : {}),
    ...(text.length === 1 ? { maxLength: text[0]?.maxLength } : {}),
  };
}

/** Values the schema rules out for one field: a wrong type, one past a bound, one outside the list. */
export function invalidValues(original: JsonSchema): { why: string; value: unknown }[] {
  const schema = flattened(original);
  const types = typesOf(schema);
  if (types.length === 0) return [];
  const cases: { why: string; value: unknown }[] = [];
  const allows = (kind: string) => types.includes(kind) || (kind === 'number' && types.includes('integer'));
  const wrongType = [
    { kind: 'string', value: 'seven' },
    { kind: 'number', value: 7 },
    { kind: 'boolean', value: true },
    { kind: 'object', value: { nested: true } },
  ].find((candidate) => !allows(candidate.kind));
  if (wrongType) cases.push({ why: `not ${types.join(' or ')}`, value: wrongType.value });
  if (schema.enum !== undefined) cases.push({ why: 'not one of the listed values', value: 'not-a-listed-value' });
  if (schema.maxLength !== undefined && schema.maxLength < 100_000)
    cases.push({ why: `longer than ${schema.maxLength}`, value: 'x'.repeat(schema.maxLength + 1) });
  if (schema.maximum !== undefined) cases.push({ why: `above ${schema.maximum}`, value: schema.maximum + 1 });
  if (schema.minimum !== undefined) cases.push({ why: `below ${schema.minimum}`, value: schema.minimum - 1 });
  return cases;
}

/** For an object body: each required field left out, and each listed field given a value the schema rules out. */
export function invalidObjectCases(
  schema: JsonSchema,
  valid: Record<string, unknown>,
): { field: string; why: string; body: Record<string, unknown> }[] {
  const cases: { field: string; why: string; body: Record<string, unknown> }[] = [];
  for (const field of schema.required ?? []) {
    const { [field]: _dropped, ...rest } = valid;
    cases.push({ field, why: 'left out', body: rest });
  }
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    for (const { why, value } of invalidValues(property))
      cases.push({ field, why, body: { ...valid, [field]: value } });
    // A list of objects (a batch): its first item's fields, broken the same way, one at a time.
    const items = valid[field];
    const first: unknown = Array.isArray(items) ? items[0] : undefined;
    if (
      property.items?.properties !== undefined &&
      typeof first === 'object' &&
      first !== null &&
      Array.isArray(items)
    ) {
      for (const inner of invalidObjectCases(property.items, first as Record<string, unknown>)) {
        cases.push({
          field: `${field}.0.${inner.field}`,
          why: inner.why,
          body: { ...valid, [field]: [inner.body, ...items.slice(1)] },
        });
      }
    }
  }
  return cases;
}
