import { z } from 'zod';
import { associationTypeById, defaultAssociationType } from './association-types';
import { assertBatchSize, HubSpotError, parseInput, validationError } from './errors';
import { associationSpecSchema } from './object-schemas';
import { objectTypeInfo, type ObjectType } from './object-types';
import { keysetPage, pagingOf } from './page-cursor';
import { limitParam, stringParam } from './query-params';
import { pathParam, requireObjectType, sendBatch, type RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const objectIdSchema = z.object({ id: idSchema });
const batchReadSchema = z.object({ inputs: z.array(z.object({ id: idSchema, after: z.string().optional() })) });
const batchCreateSchema = z.object({
  inputs: z.array(z.object({ from: objectIdSchema, to: objectIdSchema, types: z.array(associationSpecSchema).min(1) })),
});
const batchDefaultSchema = z.object({ inputs: z.array(z.object({ from: objectIdSchema, to: objectIdSchema })) });
const batchArchiveSchema = z.object({
  inputs: z.array(z.object({ from: objectIdSchema, to: z.array(objectIdSchema) })),
});
// HubSpot's v4 batch endpoints take more inputs than the v3 object batches.
const v4BatchLimit = 1000;
const pageMaxLimit = 500;

// v4 answers record ids as JSON numbers.
function numericId(id: string): number | string {
  const number = Number(id);
  return Number.isSafeInteger(number) ? number : id;
}

export function registerAssociationRoutes(register: RegisterRoute, store: SandboxStore): void {
  const requireLive = (type: ObjectType, id: string): void => {
    if (!store.objects.isLive(type, id)) {
      throw new HubSpotError(404, 'OBJECT_NOT_FOUND', `No ${objectTypeInfo[type].singular} with id ${id} exists`, {
        context: { id: [id] },
      });
    }
  };
  const associatedObjects = (fromType: ObjectType, fromId: string, toType: ObjectType) =>
    store.associations
      .targets(fromType, fromId, toType, (id) => store.objects.isLive(toType, id))
      .map(({ toId, typeIds }) => ({
        toObjectId: numericId(toId),
        associationTypes: typeIds.map((typeId) => ({
          category: 'HUBSPOT_DEFINED',
          typeId,
          label: associationTypeById(typeId)?.label ?? null,
        })),
      }));
  const labelsBetween = (fromType: ObjectType, fromId: string, toType: ObjectType, toId: string) => ({
    fromObjectTypeId: objectTypeInfo[fromType].objectTypeId,
    fromObjectId: numericId(fromId),
    toObjectTypeId: objectTypeInfo[toType].objectTypeId,
    toObjectId: numericId(toId),
    labels: (
      store.associations.targets(fromType, fromId, toType, () => true).find((target) => target.toId === toId)
        ?.typeIds ?? []
    )
      .map((typeId) => associationTypeById(typeId)?.label)
      .filter((label): label is string => typeof label === 'string'),
  });
  const associateDefault = (fromType: ObjectType, fromId: string, toType: ObjectType, toId: string) => {
    const type = defaultAssociationType(fromType, toType);
    if (!type) throw validationError(`${fromType} cannot be associated with ${toType}`);
    requireLive(fromType, fromId);
    requireLive(toType, toId);
    store.associations.add(fromType, fromId, toId, type.typeId);
    return [
      {
        from: { id: fromId },
        to: { id: toId },
        associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId },
      },
      {
        from: { id: toId },
        to: { id: fromId },
        associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.inverseTypeId },
      },
    ];
  };
  const associateLabelled = (
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
    toId: string,
    specs: z.infer<typeof associationSpecSchema>[],
  ) => {
    for (const spec of specs) {
      const type = associationTypeById(spec.associationTypeId);
      if (!type || type.from !== fromType || type.to !== toType || spec.associationCategory !== 'HUBSPOT_DEFINED') {
        throw validationError(
          `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type between ${fromType} and ${toType}`,
          {
            subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
          },
        );
      }
    }
    requireLive(fromType, fromId);
    requireLive(toType, toId);
    for (const spec of specs) store.associations.add(fromType, fromId, toId, spec.associationTypeId);
    return labelsBetween(fromType, fromId, toType, toId);
  };
  const types = (request: Parameters<Parameters<RegisterRoute>[2]>[0], from: string, to: string) =>
    [requireObjectType(pathParam(request, from)), requireObjectType(pathParam(request, to))] as const;

  register('get', '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', (request, response) => {
    const [fromType, toType] = types(request, 'objectType', 'toObjectType');
    const limit = limitParam(request.query.limit, pageMaxLimit, pageMaxLimit);
    const all = associatedObjects(fromType, pathParam(request, 'objectId'), toType);
    const page = keysetPage(all, (target) => String(target.toObjectId), stringParam(request.query.after), limit);
    response.json({ results: page.items, ...pagingOf(request, page.nextAfter) });
  });

  register(
    'put',
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    (request, response) => {
      const startedAt = new Date();
      const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
      sendBatch(
        response,
        200,
        startedAt,
        associateDefault(fromType, pathParam(request, 'fromObjectId'), toType, pathParam(request, 'toObjectId')),
      );
    },
  );

  register(
    'put',
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    (request, response) => {
      const [fromType, toType] = types(request, 'objectType', 'toObjectType');
      const specs = parseInput(z.array(associationSpecSchema).min(1), request.body);
      response
        .status(201)
        .json(
          associateLabelled(fromType, pathParam(request, 'objectId'), toType, pathParam(request, 'toObjectId'), specs),
        );
    },
  );

  register(
    'delete',
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    (request, response) => {
      const [fromType, toType] = types(request, 'objectType', 'toObjectType');
      store.associations.remove(fromType, pathParam(request, 'objectId'), toType, pathParam(request, 'toObjectId'));
      response.status(204).end();
    },
  );

  // The date-based version (2026-03) of v4's batch read answers alike.
  const batchRead: Parameters<typeof register>[2] = (request, response) => {
    const startedAt = new Date();
    const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
    const { inputs } = parseInput(batchReadSchema, request.body);
    assertBatchSize(inputs, v4BatchLimit);
    const results = [];
    const errors = [];
    for (const input of inputs) {
      // Each input pages on its own: `after` comes from that input's `paging` in an earlier answer.
      const page = keysetPage(
        associatedObjects(fromType, input.id, toType),
        (target) => String(target.toObjectId),
        input.after,
        pageMaxLimit,
      );
      if (page.items.length > 0) {
        results.push({
          from: { id: input.id },
          to: page.items,
          ...(page.nextAfter === undefined ? {} : { paging: { next: { after: page.nextAfter } } }),
        });
      } else
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${objectTypeInfo[toType].singular} is associated with ${objectTypeInfo[fromType].singular} ${input.id}.`,
          context: { fromObjectId: [input.id], fromObjectType: [fromType], toObjectType: [toType] },
        });
    }
    sendBatch(response, 200, startedAt, results, errors);
  };
  register('post', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', batchRead);
  register('post', '/crm/associations/2026-03/:fromObjectType/:toObjectType/batch/read', batchRead);

  register('post', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/create', (request, response) => {
    const startedAt = new Date();
    const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
    const { inputs } = parseInput(batchCreateSchema, request.body);
    assertBatchSize(inputs, v4BatchLimit);
    const results = [];
    const errors = [];
    for (const input of inputs) {
      try {
        results.push(associateLabelled(fromType, input.from.id, toType, input.to.id, input.types));
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        const { correlationId: _correlationId, ...detail } = error.body();
        errors.push(detail);
      }
    }
    sendBatch(response, 201, startedAt, results, errors);
  });

  register(
    'post',
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    (request, response) => {
      const startedAt = new Date();
      const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
      const { inputs } = parseInput(batchDefaultSchema, request.body);
      assertBatchSize(inputs, v4BatchLimit);
      for (const input of inputs) {
        requireLive(fromType, input.from.id);
        requireLive(toType, input.to.id);
      }
      sendBatch(
        response,
        200,
        startedAt,
        inputs.flatMap((input) => associateDefault(fromType, input.from.id, toType, input.to.id)),
      );
    },
  );

  register('post', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/archive', (request, response) => {
    const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
    const { inputs } = parseInput(batchArchiveSchema, request.body);
    assertBatchSize(inputs, v4BatchLimit);
    for (const input of inputs)
      for (const to of input.to) store.associations.remove(fromType, input.from.id, toType, to.id);
    response.status(204).end();
  });
}
