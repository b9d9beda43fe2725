import { z } from 'zod';
import type { RecordedRequest } from '../../src/sandbox/call-counter';
import { objectTypeSchema, type ObjectType } from '../../src/sandbox/object-types';
import { invalidValues } from '../../src/sandbox/property-values';
import { invalidReferences } from '../../src/sandbox/reference-values';
import type { SandboxStore } from '../../src/sandbox/store';

// HubSpot's documented request limits: batch inputs, page sizes, search filters and sorts.
export const hubSpotLimits = {
  batchInputs: 100,
  listLimit: 100,
  searchLimit: 200,
  filterGroups: 5,
  filtersPerGroup: 6,
  filters: 18,
  sorts: 1,
} as const;

const namesSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    value === undefined
      ? []
      : (Array.isArray(value) ? value : [value]).flatMap((entry) => entry.split(',')).filter((name) => name !== ''),
  );
const valuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const readBodySchema = z.object({
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  inputs: z.array(z.unknown()).default([]),
});
const writeInputsSchema = z.object({
  inputs: z.array(z.object({ id: z.string().optional(), properties: valuesSchema.default({}) })),
});
const writeBodySchema = z.object({ properties: valuesSchema.default({}) });
const sortSchema = z.union([z.string(), z.object({ propertyName: z.string() })]);
const searchBodySchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(z.object({ propertyName: z.string() })) })).default([]),
  sorts: z.array(sortSchema).default([]),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().positive().optional(),
  after: z.string().optional(),
});

/** Tracks which properties exist as the requests go by: the portal's at the start, then those the product creates. */
class KnownProperties {
  private readonly names = new Map<ObjectType, Set<string>>();

  constructor(initial: ReadonlyMap<ObjectType, ReadonlySet<string>>) {
    for (const [type, names] of initial) this.names.set(type, new Set(names));
  }

  learn(request: RecordedRequest): void {
    const created = /^POST \/crm\/v3\/properties\/([a-z_]+)$/.exec(request.key);
    const type = objectTypeSchema.safeParse(created?.[1]);
    if (!type.success || request.status >= 300) return;
    const name = z.object({ name: z.string() }).safeParse(request.body);
    if (name.success) this.names.get(type.data)?.add(name.data.name);
  }

  unknown(type: ObjectType, names: readonly string[]): string[] {
    const known = this.names.get(type) ?? new Set<string>();
    return names.filter((name) => !known.has(name));
  }
}

/** The properties every object type has in the sandbox now, to start `requestViolations` from. */
export function propertySnapshot(store: SandboxStore): Map<ObjectType, Set<string>> {
  return new Map(
    objectTypeSchema.options.map((type) => [
      type,
      new Set(store.properties.list(type).map((definition) => definition.name)),
    ]),
  );
}

function valueProblems(
  store: SandboxStore,
  type: ObjectType,
  values: z.infer<typeof valuesSchema>,
  recordId: string | undefined,
): string[] {
  const normalized = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value === null ? null : String(value)]),
  );
  const problems = Object.entries(values).flatMap(
    ([name, value]) => invalidValues(name, value, store.properties.get(type, name), false) ?? [],
  );
  const current = recordId === undefined ? undefined : store.objects.get(type, recordId)?.properties;
  const references = invalidReferences(
    type,
    normalized,
    (name) => store.properties.get(type, name),
    {
      ownerIds: () => new Set(store.owners.map((owner) => owner.id)),
      dealPipelines: () => store.dealPipelines,
      currencies: () => [store.portal.currency, ...(store.portal.additionalCurrencies ?? []).map((each) => each.code)],
    },
    current,
  );
  return [...problems, ...references].map((problem) => `${problem.name}: ${problem.error} (${problem.message})`);
}

function objectRequestProblems(
  request: RecordedRequest,
  type: ObjectType,
  rest: string,
  known: KnownProperties,
  store: SandboxStore,
): string[] {
  const problems: string[] = [];
  const unknown = (names: readonly string[]) => {
    const missing = known.unknown(type, names);
    if (missing.length > 0) problems.push(`names ${type} properties that do not exist (yet): ${missing.join(', ')}`);
  };
  if (request.method === 'GET') {
    unknown([
      ...namesSchema.parse(request.query.properties),
      ...namesSchema.parse(request.query.propertiesWithHistory),
    ]);
    const limit = Number(request.query.limit ?? 10);
    if (limit > hubSpotLimits.listLimit) problems.push(`limit ${limit} is over ${hubSpotLimits.listLimit}`);
  } else if (rest === '/batch/read') {
    const body = readBodySchema.parse(request.body);
    unknown([...body.properties, ...body.propertiesWithHistory]);
    if (body.inputs.length > hubSpotLimits.batchInputs)
      problems.push(`${body.inputs.length} batch inputs, over ${hubSpotLimits.batchInputs}`);
  } else if (/^\/batch\/(create|update|upsert)$/.test(rest)) {
    const { inputs } = writeInputsSchema.parse(request.body);
    if (inputs.length > hubSpotLimits.batchInputs)
      problems.push(`${inputs.length} batch inputs, over ${hubSpotLimits.batchInputs}`);
    for (const input of inputs) {
      unknown(Object.keys(input.properties));
      problems.push(...valueProblems(store, type, input.properties, rest === '/batch/create' ? undefined : input.id));
    }
  } else if (rest === '/search') {
    const body = searchBodySchema.parse(request.body);
    const filters = body.filterGroups.flatMap((group) => group.filters);
    unknown([
      ...body.properties,
      ...filters.map((filter) => filter.propertyName),
      ...body.sorts.map((sort) => (typeof sort === 'string' ? sort : sort.propertyName)),
    ]);
    if ((body.limit ?? 10) > hubSpotLimits.searchLimit)
      problems.push(`search limit ${body.limit ?? 10} is over ${hubSpotLimits.searchLimit}`);
    if (
      body.filterGroups.length > hubSpotLimits.filterGroups ||
      filters.length > hubSpotLimits.filters ||
      body.filterGroups.some((group) => group.filters.length > hubSpotLimits.filtersPerGroup)
    )
      problems.push('too many search filters');
    if (body.sorts.length > hubSpotLimits.sorts) problems.push(`${body.sorts.length} sorts; HubSpot takes one`);
    // Paging by `after` is only stable in a defined order.
    if (body.after !== undefined && body.sorts.length === 0) problems.push('pages with after but names no sort');
  } else if (
    (request.method === 'POST' && rest === '') ||
    (request.method === 'PATCH' && /^\/\{objectId\}$/.test(rest))
  ) {
    const { properties } = writeBodySchema.parse(request.body);
    unknown(Object.keys(properties));
    problems.push(...valueProblems(store, type, properties, rest === '' ? undefined : request.path.split('/').pop()));
  }
  return problems;
}

/**
 * Every way a recorded request breaks HubSpot's request rules: properties that do not exist when named, enumeration,
 * owner, pipeline and stage values outside what the portal has, batch and page sizes over HubSpot's limits, search
 * bodies HubSpot would refuse or page unstably. Empty when every request is one HubSpot would take.
 */
export function requestViolations(
  requests: readonly RecordedRequest[],
  store: SandboxStore,
  initial: ReadonlyMap<ObjectType, ReadonlySet<string>>,
): string[] {
  const known = new KnownProperties(initial);
  const violations: string[] = [];
  requests.forEach((request, index) => {
    const object = /^[A-Z]+ \/crm\/v3\/objects\/([a-z_]+)(.*)$/.exec(request.key);
    const type = objectTypeSchema.safeParse(object?.[1]);
    const problems = type.success ? objectRequestProblems(request, type.data, object?.[2] ?? '', known, store) : [];
    if (/\/batch\//.test(request.key) && !type.success) {
      const inputs = z.object({ inputs: z.array(z.unknown()) }).safeParse(request.body);
      if (inputs.success && inputs.data.inputs.length > hubSpotLimits.batchInputs)
        problems.push(`${inputs.data.inputs.length} batch inputs, over ${hubSpotLimits.batchInputs}`);
    }
    violations.push(...problems.map((problem) => `#${index} ${request.key}: ${problem}`));
    known.learn(request);
  });
  return violations;
}
