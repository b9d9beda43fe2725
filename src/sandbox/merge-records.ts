import { z } from 'zod';
import { associationTypeById } from './association-types';
import { parseInput, validationError } from './errors';
import type { StoredObject } from './object-store';
import { objectTypeSchema, type ObjectType } from './object-types';
import { writtenView } from './objects-routes';
import { findRecord, pathParam, requireWritableObjectType, type RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

const mergeInputSchema = z.object({ primaryObjectId: z.string().min(1), objectIdToMerge: z.string().min(1) });
const mergeableTypes: ReadonlySet<ObjectType> = new Set(['companies', 'deals']);
// Set by HubSpot on every record: the merge's result gets its own.
const serverManaged = new Set(['hs_object_id', 'hs_lastmodifieddate', 'hs_merged_object_ids']);

function idsOf(object: StoredObject): string[] {
  return object.properties.hs_merged_object_ids?.split(';').filter((id) => id !== '') ?? [];
}

function setValues(object: StoredObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(object.properties).filter(
      (entry): entry is [string, string] => entry[1] !== null && !serverManaged.has(entry[0]),
    ),
  );
}

/**
 * Moves a merged record's associations to the merge's result. A deal keeps one primary company, so a link between
 * a company and a deal is made from the deal's side; the primary record's links come last, so its primary wins.
 */
function moveAssociations(store: SandboxStore, type: ObjectType, fromIds: readonly string[], toId: string): void {
  for (const fromId of fromIds) {
    for (const targetType of objectTypeSchema.options) {
      const targets = store.associations.targets(type, fromId, targetType, (id) =>
        store.objects.isLive(targetType, id),
      );
      for (const { toId: targetId, typeIds } of targets) {
        for (const typeId of typeIds) {
          const inverse = associationTypeById(typeId)?.inverseTypeId;
          if (type !== 'deals' && targetType === 'deals' && inverse !== undefined)
            store.associations.add(targetType, targetId, toId, inverse);
          else store.associations.add(type, toId, targetId, typeId);
        }
      }
    }
  }
}

/**
 * HubSpot's merge: "a new record with a new ID will be created for the resulting merged record", holding "the latest
 * property values of the primary record" with the other's values where the primary has none, both records'
 * associations, and both ids (with those they had merged before) in `hs_merged_object_ids`.
 */
export function mergeRecords(store: SandboxStore, type: ObjectType, primaryId: string, otherId: string): StoredObject {
  const primary = findRecord(store, type, primaryId, undefined);
  const other = findRecord(store, type, otherId, undefined);
  if (!primary || !other) throw validationError(`Object ${primary ? otherId : primaryId} does not exist`);
  if (primary.id === other.id) throw validationError(`Cannot merge object ${primary.id} with itself`);
  const otherValues = setValues(other);
  const values = { ...otherValues, ...setValues(primary) };
  const mergedIds = [...new Set([...idsOf(primary), primary.id, ...idsOf(other), other.id])];
  const result = store.objects.create(
    type,
    { ...values, hs_merged_object_ids: mergedIds.join(';') },
    // Made now, so a sync reading changes by last modification finds it; created when the primary was.
    { trusted: true, quiet: true, createdAt: primary.createdAt, updatedAt: new Date(store.now()).toISOString() },
  );
  moveAssociations(store, type, [other.id, primary.id], result.id);
  store.objects.archive(type, other.id, true);
  store.objects.archive(type, primary.id, true);
  store.events.emit({
    kind: 'merged',
    objectType: type,
    objectId: result.id,
    primaryObjectId: primary.id,
    mergedObjectIds: [other.id],
    numberOfPropertiesMoved: Object.keys(otherValues).filter((name) => !(name in setValues(primary))).length,
    occurredAt: Date.parse(result.updatedAt),
  });
  return result;
}

export function registerMergeRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('post', '/crm/v3/objects/:objectType/merge', (request, response) => {
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    if (!mergeableTypes.has(type)) throw validationError(`Records of type ${type} cannot be merged`);
    const input = parseInput(mergeInputSchema, request.body);
    response.json(writtenView(store, mergeRecords(store, type, input.primaryObjectId, input.objectIdToMerge)));
  });
}
