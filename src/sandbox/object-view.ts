import { associationTypeById } from './association-types';
import type { StoredObject } from './object-store';
import {
  alwaysReturnedProperties,
  defaultReturnedProperties,
  resolveObjectType,
  type ObjectType,
} from './object-types';
import type { SandboxStore } from './store';

export interface ViewOptions {
  readonly properties?: readonly string[] | undefined;
  readonly propertiesWithHistory?: readonly string[] | undefined;
  readonly associations?: readonly string[] | undefined;
}

interface AssociatedId {
  readonly id: string;
  readonly type: string;
}

/** The names HubSpot returns: the asked-for properties that exist, plus the ones it always adds. */
export function returnedPropertyNames(
  store: SandboxStore,
  type: ObjectType,
  requested: readonly string[] | undefined,
): string[] {
  if (!requested || requested.length === 0) return [...defaultReturnedProperties[type]];
  const known = requested.filter((name) => store.properties.get(type, name) !== undefined);
  return [...new Set([...known, ...alwaysReturnedProperties(type)])];
}

function pickProperties(object: StoredObject, names: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, object.properties[name] ?? null]));
}

function inlineAssociations(
  store: SandboxStore,
  object: StoredObject,
  requested: readonly string[],
): Record<string, { results: AssociatedId[] }> {
  const associations: Record<string, { results: AssociatedId[] }> = {};
  for (const name of requested) {
    const toType = resolveObjectType(name);
    if (!toType) continue;
    const results = store.associations
      .targets(object.type, object.id, toType, (id) => store.objects.isLive(toType, id))
      .flatMap(({ toId, typeIds }) =>
        typeIds.map((typeId) => ({ id: toId, type: associationTypeById(typeId)?.v3Name ?? String(typeId) })),
      );
    if (results.length > 0) associations[toType] = { results };
  }
  return associations;
}

/** A record in HubSpot's `SimplePublicObject` / `SimplePublicObjectWithAssociations` shape. */
export function objectView(
  store: SandboxStore,
  object: StoredObject,
  options: ViewOptions = {},
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: object.id,
    properties: pickProperties(object, returnedPropertyNames(store, object.type, options.properties)),
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    archived: object.archived,
  };
  if (object.archivedAt) view.archivedAt = object.archivedAt;
  if (options.propertiesWithHistory && options.propertiesWithHistory.length > 0) {
    view.propertiesWithHistory = Object.fromEntries(
      options.propertiesWithHistory
        .filter((name) => store.properties.get(object.type, name) !== undefined)
        .map((name) => [name, object.history[name] ?? []]),
    );
  }
  if (options.associations && options.associations.length > 0) {
    const associations = inlineAssociations(store, object, options.associations);
    if (Object.keys(associations).length > 0) view.associations = associations;
  }
  return view;
}
