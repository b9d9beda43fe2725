import type { Request, Response } from 'express';
import { validationError } from './errors';
import type { StoredObject } from './object-store';
import { objectTypeInfo, readOnlyObjectTypes, resolveObjectType, type ObjectType } from './object-types';
import type { SandboxStore } from './store';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteHandler = (request: Request, response: Response) => void;
/** Registers a HubSpot route; the server wraps it with call counting, auth, faults and the rate limit. */
export type RegisterRoute = (method: HttpMethod, pattern: string, handler: RouteHandler) => void;

export function pathParam(request: Request, name: string): string {
  const value = request.params[name];
  if (typeof value !== 'string') throw new Error(`route has no :${name} parameter`);
  return value;
}

export function requireObjectType(name: string): ObjectType {
  const type = resolveObjectType(name);
  if (!type) throw validationError(`Unable to infer object type from: ${name}`, { context: { objectType: [name] } });
  return type;
}

/** The object type of a write: HubSpot refuses writes to its read-only objects. */
export function requireWritableObjectType(name: string): ObjectType {
  const type = requireObjectType(name);
  if (readOnlyObjectTypes.has(type))
    throw validationError(`${objectTypeInfo[type].errorName} objects are read-only through the API`);
  return type;
}

export function baseUrl(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}

/** Resolves `idProperty` lookups; HubSpot only takes unique-value properties there. */
export function findRecord(
  store: SandboxStore,
  type: ObjectType,
  id: string,
  idProperty: string | undefined,
  archived = false,
): StoredObject | undefined {
  if (idProperty === undefined || idProperty === 'hs_object_id')
    return store.objects.get(type, id, archived) ?? (archived ? undefined : store.objects.mergedInto(type, id));
  const definition = store.properties.get(type, idProperty);
  if (!definition?.hasUniqueValue) {
    throw validationError(
      `${idProperty} is not a unique identifier property of ${objectTypeInfo[type].errorName}; idProperty must name a property with unique values.`,
      {
        context: { idProperty: [idProperty] },
      },
    );
  }
  if (archived) return store.objects.list(type, true).find((object) => object.properties[idProperty] === id);
  return store.objects.findBy(type, idProperty, id);
}

export interface BatchEnvelope<Result> {
  readonly status: 'COMPLETE';
  readonly results: Result[];
  readonly startedAt: string;
  readonly completedAt: string;
  readonly numErrors?: number;
  readonly errors?: unknown[];
}

/** HubSpot's batch response: 207 with `errors` when some inputs failed. */
export function sendBatch(
  response: Response,
  okStatus: number,
  startedAt: Date,
  results: unknown[],
  errors: unknown[] = [],
): void {
  const body: BatchEnvelope<unknown> = {
    status: 'COMPLETE',
    results,
    startedAt: startedAt.toISOString(),
    completedAt: new Date().toISOString(),
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
  };
  response.status(errors.length > 0 ? 207 : okStatus).json(body);
}

export function missingObjectsError(type: ObjectType, ids: readonly string[]): Record<string, unknown> {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${objectTypeInfo[type].errorName} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: [...ids] },
  };
}
