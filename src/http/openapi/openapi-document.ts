import { z } from 'zod';
import type { ApiOperation, OperationSecurity } from './api-operation';
import { apiOperations } from './api-operations';

type JsonSchema = Record<string, unknown>;

// Request schemas are documented as a client writes them (before defaults and transforms apply).
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

const securitySchemes = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'An `api` key: `npm run keys -- create --portal <id> --scope api`',
  },
  ingestionKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'An `ingest` key: `npm run keys -- create --portal <id>`',
  },
  segmentWriteKey: {
    type: 'http',
    scheme: 'basic',
    description: 'An `ingest` key as Segment write key (the user name; the password is ignored)',
  },
  hubspotSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-HubSpot-Signature-v3',
    description: "HubSpot's v3 signature with X-HubSpot-Request-Timestamp (5 minutes)",
  },
} as const;

const errorSchema = jsonSchema(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .object({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
        .loose()
        .optional(),
    }),
  }),
  'output',
);

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parametersOf(operation: ApiOperation): JsonSchema[] {
  const inPath = Object.entries(operation.pathParameters ?? {}).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema: jsonSchema(schema, 'input'),
  }));
  const query = operation.query ? jsonSchema(operation.query, 'input') : { properties: {} };
  const required = new Set(Array.isArray(query.required) ? query.required.map(String) : []);
  const properties: [string, unknown][] =
    typeof query.properties === 'object' && query.properties !== null ? Object.entries(query.properties) : [];
  return [
    ...inPath,
    ...properties.map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema })),
  ];
}

function errorAnswers(security: OperationSecurity): Record<string, JsonSchema> {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    '400': error(
      'A parameter or the body is invalid: `details.fields` names each field, what was expected and what was sent',
    ),
    ...(security === 'none' ? {} : { '401': error('The credential is missing or not valid') }),
    '404': error("Not found, or not of the caller's portal"),
    '413': error('The body is over its size limit'),
    '429': error('Too many requests: see Retry-After'),
  };
}

function operationObject(operation: ApiOperation): JsonSchema {
  return {
    tags: [operation.tag],
    summary: operation.summary,
    operationId: `${operation.method}${openApiPath(operation.path).replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
    ...(operation.security === 'none' ? { security: [] } : { security: [{ [operation.security]: [] }] }),
    parameters: parametersOf(operation),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { [operation.body.contentType]: { schema: jsonSchema(operation.body.schema, 'input') } },
          },
        }
      : {}),
    responses: {
      '200': {
        description: operation.responseDescription,
        ...(operation.response
          ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.response.name}` } } } }
          : {}),
      },
      ...errorAnswers(operation.security),
    },
  };
}

/** The OpenAPI 3.1 document of the service's own API, generated from the zod schemas its routes validate with. */
export function buildOpenApiDocument(operations: readonly ApiOperation[] = apiOperations): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) {
    const path = openApiPath(operation.path);
    paths[path] = { ...paths[path], [operation.method]: operationObject(operation) };
  }
  const answers = Object.fromEntries(
    operations.flatMap((operation) =>
      operation.response ? [[operation.response.name, jsonSchema(operation.response.schema, 'output')]] : [],
    ),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'hubspot-cs-lifecycle',
      version: '1',
      description:
        'The service of the Customer Success app: companies, KPIs, health, suggestions, ingestion, and the HubSpot card and webhooks.',
    },
    paths,
    components: { securitySchemes, schemas: { Error: errorSchema, ...answers } },
  };
}

/** The document as checked in at docs/openapi.json (`npm run openapi`). */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
