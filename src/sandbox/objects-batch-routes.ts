import { applyCreateAssociations, resolveCreateAssociations } from './create-associations';
import { assertBatchSize, assertUniqueIds, parseInput, validationError } from './errors';
import {
  batchArchiveSchema,
  batchCreateSchema,
  batchReadSchema,
  batchUpdateSchema,
  batchUpsertSchema,
} from './object-schemas';
import { assertRequiredSet, type StoredObject } from './object-store';
import { objectView } from './object-view';
import { writtenView } from './objects-routes';
import { booleanParam } from './query-params';
import {
  findRecord,
  missingObjectsError,
  pathParam,
  requireObjectType,
  requireWritableObjectType,
  sendBatch,
  type RegisterRoute,
} from './route-helpers';
import type { SandboxStore } from './store';

export function registerObjectBatchRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('post', '/crm/v3/objects/:objectType/batch/read', (request, response) => {
    const startedAt = new Date();
    const type = requireObjectType(pathParam(request, 'objectType'));
    const input = parseInput(batchReadSchema, request.body);
    assertBatchSize(input.inputs);
    const archived = booleanParam(request.query.archived);
    const ids = [...new Set(input.inputs.map((each) => each.id))];
    const found: StoredObject[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const object = findRecord(store, type, id, input.idProperty, archived);
      if (object) found.push(object);
      else missing.push(id);
    }
    const options = { properties: input.properties, propertiesWithHistory: input.propertiesWithHistory };
    sendBatch(
      response,
      200,
      startedAt,
      found.map((object) => objectView(store, object, options)),
      missing.length > 0 ? [missingObjectsError(type, missing)] : [],
    );
  });

  register('post', '/crm/v3/objects/:objectType/batch/create', (request, response) => {
    const startedAt = new Date();
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    const { inputs } = parseInput(batchCreateSchema, request.body);
    assertBatchSize(inputs);
    // Validate every input first: HubSpot fails the whole batch on one bad input.
    const planned = inputs.map((each) => {
      assertRequiredSet(type, store.properties.normalizeValues(type, each.properties));
      return { properties: each.properties, associations: resolveCreateAssociations(store, type, each.associations) };
    });
    const created = planned.map((plan) => {
      const object = store.objects.create(type, plan.properties);
      applyCreateAssociations(store, type, object.id, plan.associations);
      return writtenView(store, object);
    });
    sendBatch(response, 201, startedAt, created);
  });

  register('post', '/crm/v3/objects/:objectType/batch/update', (request, response) => {
    const startedAt = new Date();
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    const { inputs } = parseInput(batchUpdateSchema, request.body);
    assertBatchSize(inputs);
    assertUniqueIds(inputs.map((each) => each.id));
    for (const each of inputs)
      store.properties.normalizeValues(
        type,
        each.properties,
        false,
        findRecord(store, type, each.id, each.idProperty)?.properties ?? {},
      );
    const missing: string[] = [];
    const updated: Record<string, unknown>[] = [];
    for (const each of inputs) {
      const object = findRecord(store, type, each.id, each.idProperty);
      if (!object) missing.push(each.id);
      else updated.push(writtenView(store, store.objects.update(type, object.id, each.properties)));
    }
    sendBatch(response, 200, startedAt, updated, missing.length > 0 ? [missingObjectsError(type, missing)] : []);
  });

  register('post', '/crm/v3/objects/:objectType/batch/upsert', (request, response) => {
    const startedAt = new Date();
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    const { inputs } = parseInput(batchUpsertSchema, request.body);
    assertBatchSize(inputs);
    assertUniqueIds(inputs.map((each) => each.id));
    for (const each of inputs) store.properties.normalizeValues(type, each.properties);
    const results = inputs.map((each) => {
      const existing = findRecord(store, type, each.id, each.idProperty);
      if (existing)
        return { ...writtenView(store, store.objects.update(type, existing.id, each.properties)), new: false };
      if (each.idProperty === 'hs_object_id')
        throw validationError(`No ${type} record with id ${each.id} exists to update`);
      const created = store.objects.create(type, { ...each.properties, [each.idProperty]: each.id });
      return { ...writtenView(store, created), new: true };
    });
    sendBatch(response, 200, startedAt, results);
  });

  register('post', '/crm/v3/objects/:objectType/batch/archive', (request, response) => {
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    const { inputs } = parseInput(batchArchiveSchema, request.body);
    assertBatchSize(inputs);
    assertUniqueIds(inputs.map((each) => each.id));
    for (const each of inputs) store.objects.archive(type, each.id);
    response.status(204).end();
  });
}
