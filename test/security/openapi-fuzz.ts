import type { Express } from 'express';
import { expect } from 'vitest';
import { z } from 'zod';
import { apiOperations } from '../../src/http/openapi/api-operations';
import { buildOpenApiDocument } from '../../src/http/openapi/openapi-document';
import type { ApiOperation } from '../../src/http/openapi/api-operation';
import { endpointKey, endpoints, type EndpointSpec, type RequestIds } from './endpoints';
import { asJsonSchema, invalidObjectCases, invalidValues, type JsonSchema } from './openapi-cases';
import { fillPath, send, type Credentials } from './security-app';

/** What the schema-driven fuzz sent and saw, printed at the end of the run. */
export class FuzzTally {
  requests = 0;
  readonly statuses = new Map<number, number>();
  writesChecked = 0;

  count(status: number): void {
    this.requests += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  summary(): string {
    const statuses = [...this.statuses]
      .sort(([left], [right]) => left - right)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    return `OpenAPI fuzz: ${this.requests} requests, statuses { ${statuses} }, ${this.writesChecked} database snapshots compared`;
  }
}

const documentSchema = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z
        .object({
          parameters: z.array(z.object({ name: z.string(), in: z.string(), schema: z.unknown() })).default([]),
          requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.unknown() })) }).optional(),
        })
        .loose(),
    ),
  ),
});

function specOf(operation: ApiOperation): EndpointSpec {
  const spec = endpoints.find(
    (candidate) => endpointKey(candidate.method, candidate.path) === endpointKey(operation.method, operation.path),
  );
  if (!spec)
    throw new Error(`${operation.method} ${operation.path} is documented but not in test/security/endpoints.ts`);
  return spec;
}

/** Each documented operation with its parameter and JSON body schemas, as the document states them. */
export function documentedOperations(): {
  operation: ApiOperation;
  spec: EndpointSpec;
  query: Record<string, JsonSchema>;
  body?: JsonSchema;
}[] {
  const document = documentSchema.parse(buildOpenApiDocument());
  return apiOperations.map((operation) => {
    const described = document.paths[operation.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[operation.method];
    if (!described) throw new Error(`${operation.path} missing from the document`);
    const query = Object.fromEntries(
      described.parameters
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => [parameter.name, asJsonSchema(parameter.schema)]),
    );
    const bodySchema = described.requestBody?.content['application/json']?.schema;
    return {
      operation,
      spec: specOf(operation),
      query,
      ...(bodySchema === undefined ? {} : { body: asJsonSchema(bodySchema) }),
    };
  });
}

/** The 400's fields name the one the case broke (`events[0].messageId` names `events` too). */
export function namesField(body: unknown, field: string): boolean {
  const fields = z
    .object({ error: z.object({ details: z.object({ fields: z.array(z.object({ field: z.string() })) }) }) })
    .safeParse(body);
  const dotted = (name: string) => name.replace(/\[(\d+)\]/g, '.$1').replace(/^(body|query)\./, '');
  return (
    fields.success &&
    fields.data.error.details.fields.some(
      (named) => dotted(named.field) === field || dotted(named.field).startsWith(`${field}.`),
    )
  );
}

interface CaseContext {
  readonly app: Express;
  readonly ids: RequestIds;
  readonly credentials: Credentials;
  readonly tally: FuzzTally;
}

/** Every body field and query parameter the document constrains, broken one at a time: each must be a 400 naming it. */
export async function checkInvalidCases(
  entry: ReturnType<typeof documentedOperations>[number],
  context: CaseContext,
): Promise<number> {
  const { spec } = entry;
  const path = fillPath(spec.path, {
    id: context.ids.companyId,
    companyId: context.ids.companyId,
    key: context.ids.milestoneKey,
    suggestionId: context.ids.suggestionId,
  });
  const validQuery = spec.validQuery?.(context.ids) ?? {};
  const validBody = spec.validBody?.(context.ids);
  let sent = 0;
  const expectRejected = async (label: string, field: string, query: Record<string, string>, body: unknown) => {
    const outgoing = {
      spec,
      path,
      query,
      ...(body === undefined ? {} : { body: { text: JSON.stringify(body), contentType: 'application/json' } }),
    };
    const response = await send(context.app, outgoing, context.credentials);
    context.tally.count(response.status);
    sent += 1;
    expect(response.status, `${label} -> ${response.status} ${response.text.slice(0, 300)}`).toBe(400);
    expect(namesField(response.body, field), `${label}: the 400 names ${field}: ${response.text.slice(0, 300)}`).toBe(
      true,
    );
  };
  for (const [name, schema] of Object.entries(entry.query)) {
    for (const { why, value } of invalidValues({
      ...schema,
      type: schema.type === 'integer' || schema.type === 'number' ? 'number' : schema.type,
    })) {
      if (typeof value === 'object' || typeof value === 'boolean') continue;
      // In a URL every value is text: a number breaks a text parameter only where its pattern refuses it.
      const takesText =
        schema.type === 'string' ||
        (Array.isArray(schema.type) && schema.type.includes('string')) ||
        schema.anyOf !== undefined;
      if (
        typeof value === 'number' &&
        takesText &&
        (schema.pattern === undefined || new RegExp(schema.pattern).test(String(value)))
      )
        continue;
      await expectRejected(
        `${endpointKey(spec.method, spec.path)} ?${name} ${why}`,
        name,
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects were skipped above; what is left prints as itself
        { ...validQuery, [name]: String(value) },
        validBody,
      );
    }
  }
  if (entry.body !== undefined && typeof validBody === 'object' && !Array.isArray(validBody)) {
    for (const { field, why, body } of invalidObjectCases(entry.body, validBody as Record<string, unknown>)) {
      await expectRejected(`${endpointKey(spec.method, spec.path)} body.${field} ${why}`, field, validQuery, body);
    }
  }
  return sent;
}
