import { z } from 'zod';
import { assertBatchSize, HubSpotError, parseInput } from './errors';
import { objectTypeInfo } from './object-types';
import {
  propertyCreateSchema,
  propertyGroupCreateSchema,
  propertyGroupUpdateSchema,
  propertyUpdateSchema,
  type PropertyDefinition,
} from './property-schemas';
import { booleanParam } from './query-params';
import { pathParam, requireObjectType, sendBatch, type RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

const batchReadSchema = z.object({
  inputs: z.array(z.object({ name: z.string() })),
  archived: z.boolean().default(false),
});
const batchCreateSchema = z.object({ inputs: z.array(propertyCreateSchema) });
const batchArchiveSchema = z.object({ inputs: z.array(z.object({ name: z.string() })) });

function errorDetail(error: unknown): Record<string, unknown> {
  if (!(error instanceof HubSpotError)) throw error;
  const { correlationId: _correlationId, ...detail } = error.body();
  return detail;
}

export function registerPropertyRoutes(register: RegisterRoute, store: SandboxStore): void {
  const typeOf = (name: string) => requireObjectType(name);

  register('get', '/crm/v3/properties/:objectType', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    response.json({ results: store.properties.list(type, booleanParam(request.query.archived)) });
  });

  register('post', '/crm/v3/properties/:objectType', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    response.status(201).json(store.properties.create(type, parseInput(propertyCreateSchema, request.body)));
  });

  register('get', '/crm/v3/properties/:objectType/groups', (request, response) => {
    response.json({ results: store.properties.listGroups(typeOf(pathParam(request, 'objectType'))) });
  });

  register('post', '/crm/v3/properties/:objectType/groups', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    response.status(201).json(store.properties.createGroup(type, parseInput(propertyGroupCreateSchema, request.body)));
  });

  register('get', '/crm/v3/properties/:objectType/groups/:groupName', (request, response) => {
    response.json(
      store.properties.requireGroup(typeOf(pathParam(request, 'objectType')), pathParam(request, 'groupName')),
    );
  });

  register('patch', '/crm/v3/properties/:objectType/groups/:groupName', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    response.json(
      store.properties.updateGroup(
        type,
        pathParam(request, 'groupName'),
        parseInput(propertyGroupUpdateSchema, request.body),
      ),
    );
  });

  register('delete', '/crm/v3/properties/:objectType/groups/:groupName', (request, response) => {
    store.properties.archiveGroup(typeOf(pathParam(request, 'objectType')), pathParam(request, 'groupName'));
    response.status(204).end();
  });

  register('post', '/crm/v3/properties/:objectType/batch/read', (request, response) => {
    const startedAt = new Date();
    const type = typeOf(pathParam(request, 'objectType'));
    const input = parseInput(batchReadSchema, request.body);
    const found: PropertyDefinition[] = [];
    const missing: string[] = [];
    for (const { name } of input.inputs) {
      const definition = store.properties.get(type, name, input.archived);
      if (definition) found.push(definition);
      else missing.push(name);
    }
    const errors =
      missing.length === 0
        ? []
        : [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Unable to find some properties for object type ${objectTypeInfo[type].errorName}`,
              context: { names: missing },
            },
          ];
    sendBatch(response, 200, startedAt, found, errors);
  });

  register('post', '/crm/v3/properties/:objectType/batch/create', (request, response) => {
    const startedAt = new Date();
    const type = typeOf(pathParam(request, 'objectType'));
    const { inputs } = parseInput(batchCreateSchema, request.body);
    assertBatchSize(inputs);
    const results: PropertyDefinition[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const input of inputs) {
      try {
        results.push(store.properties.create(type, input));
      } catch (error) {
        errors.push(errorDetail(error));
      }
    }
    sendBatch(response, 201, startedAt, results, errors);
  });

  register('post', '/crm/v3/properties/:objectType/batch/archive', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    const { inputs } = parseInput(batchArchiveSchema, request.body);
    for (const { name } of inputs) store.properties.archive(type, name);
    response.status(204).end();
  });

  register('get', '/crm/v3/properties/:objectType/:propertyName', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    const name = pathParam(request, 'propertyName');
    const definition = store.properties.get(type, name, booleanParam(request.query.archived));
    response.json(definition ?? store.properties.require(type, name));
  });

  register('patch', '/crm/v3/properties/:objectType/:propertyName', (request, response) => {
    const type = typeOf(pathParam(request, 'objectType'));
    response.json(
      store.properties.update(type, pathParam(request, 'propertyName'), parseInput(propertyUpdateSchema, request.body)),
    );
  });

  register('delete', '/crm/v3/properties/:objectType/:propertyName', (request, response) => {
    store.properties.archive(typeOf(pathParam(request, 'objectType')), pathParam(request, 'propertyName'));
    response.status(204).end();
  });
}
