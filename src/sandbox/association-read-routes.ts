import { z } from 'zod';
import { associationTypeById, associationTypes } from './association-types';
import { assertBatchSize, parseInput } from './errors';
import { objectTypeInfo, type ObjectType } from './object-types';
import { keysetPage, pagingOf } from './page-cursor';
import { limitParam, stringParam } from './query-params';
import { pathParam, requireObjectType, sendBatch, type RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const batchReadSchema = z.object({ inputs: z.array(z.object({ id: idSchema })) });
// The v3 association batches take as many inputs as the v4 ones.
const v3BatchLimit = 1000;
const pageMaxLimit = 500;

/** v3 associations name each type (`deal_to_company`, `deal_to_company_unlabeled`): one entry per record and type. */
function v3Associated(store: SandboxStore, fromType: ObjectType, fromId: string, toType: ObjectType) {
  return store.associations.targets(fromType, fromId, toType, (id) => store.objects.isLive(toType, id));
}

function v3Rows(targets: ReturnType<typeof v3Associated>): Array<{ id: string; type: string }> {
  return targets.flatMap(({ toId, typeIds }) =>
    typeIds.map((typeId) => ({ id: toId, type: associationTypeById(typeId)?.v3Name ?? String(typeId) })),
  );
}

/**
 * The association reads the official client reaches besides v4 record pages: v4 association labels
 * (definitions), v3 association types, the v3 list of one record's associations, and v3 batch read.
 */
export function registerAssociationReadRoutes(register: RegisterRoute, store: SandboxStore): void {
  const types = (request: Parameters<Parameters<RegisterRoute>[2]>[0], from: string, to: string) =>
    [requireObjectType(pathParam(request, from)), requireObjectType(pathParam(request, to))] as const;

  register('get', '/crm/v4/associations/:fromObjectType/:toObjectType/labels', (request, response) => {
    const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
    response.json({
      results: associationTypes
        .filter((type) => type.from === fromType && type.to === toType)
        .map((type) => ({ category: 'HUBSPOT_DEFINED', typeId: type.typeId, label: type.label })),
    });
  });

  // v3 names the types it lists by their v3 names, with ids as strings.
  register('get', '/crm/v3/associations/:fromObjectType/:toObjectType/types', (request, response) => {
    const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
    response.json({
      results: associationTypes
        .filter((type) => type.from === fromType && type.to === toType)
        .map((type) => ({ id: String(type.typeId), name: type.v3Name })),
    });
  });

  register('get', '/crm/v3/objects/:objectType/:objectId/associations/:toObjectType', (request, response) => {
    const [fromType, toType] = types(request, 'objectType', 'toObjectType');
    const limit = limitParam(request.query.limit, pageMaxLimit, pageMaxLimit);
    // Paged by associated record, so a record's several association types never straddle two pages.
    const page = keysetPage(
      v3Associated(store, fromType, pathParam(request, 'objectId'), toType),
      (target) => target.toId,
      stringParam(request.query.after),
      limit,
    );
    response.json({ results: v3Rows(page.items), ...pagingOf(request, page.nextAfter) });
  });

  register('post', '/crm/v3/associations/:fromObjectType/:toObjectType/batch/read', (request, response) => {
    const startedAt = new Date();
    const [fromType, toType] = types(request, 'fromObjectType', 'toObjectType');
    const { inputs } = parseInput(batchReadSchema, request.body);
    assertBatchSize(inputs, v3BatchLimit);
    const results = [];
    const errors = [];
    for (const input of inputs) {
      const to = v3Rows(v3Associated(store, fromType, input.id, toType));
      if (to.length > 0) results.push({ from: { id: input.id }, to });
      else
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${objectTypeInfo[toType].singular} is associated with ${objectTypeInfo[fromType].singular} ${input.id}.`,
          context: { fromObjectId: [input.id], fromObjectType: [fromType], toObjectType: [toType] },
        });
    }
    sendBatch(response, 200, startedAt, results, errors);
  });
}
