import { applyCreateAssociations, resolveCreateAssociations } from './create-associations';
import { objectNotFound, parseInput } from './errors';
import { createInputSchema, updateInputSchema } from './object-schemas';
import type { StoredObject } from './object-store';
import { objectView } from './object-view';
import { keysetPage, pagingOf } from './page-cursor';
import { booleanParam, limitParam, listParam, stringParam } from './query-params';
import {
  findRecord,
  pathParam,
  requireObjectType,
  requireWritableObjectType,
  type RegisterRoute,
} from './route-helpers';
import type { SandboxStore } from './store';

const listDefaultLimit = 10;
const listMaxLimit = 100;

/** The response of a write: every property that holds a value, as HubSpot echoes them. */
export function writtenView(store: SandboxStore, object: StoredObject): Record<string, unknown> {
  const names = Object.keys(object.properties).filter((name) => object.properties[name] !== null);
  return objectView(store, object, { properties: names });
}

export function registerObjectRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('get', '/crm/v3/objects/:objectType', (request, response) => {
    const type = requireObjectType(pathParam(request, 'objectType'));
    const limit = limitParam(request.query.limit, listDefaultLimit, listMaxLimit);
    const records = store.objects.list(type, booleanParam(request.query.archived));
    const options = {
      properties: listParam(request.query.properties),
      propertiesWithHistory: listParam(request.query.propertiesWithHistory),
      associations: listParam(request.query.associations),
    };
    const page = keysetPage(records, (object) => object.id, stringParam(request.query.after), limit);
    response.json({
      results: page.items.map((object) => objectView(store, object, options)),
      ...pagingOf(request, page.nextAfter),
    });
  });

  register('get', '/crm/v3/objects/:objectType/:objectId', (request, response) => {
    const type = requireObjectType(pathParam(request, 'objectType'));
    const id = pathParam(request, 'objectId');
    const object = findRecord(
      store,
      type,
      id,
      stringParam(request.query.idProperty),
      booleanParam(request.query.archived),
    );
    if (!object) throw objectNotFound(id);
    response.json(
      objectView(store, object, {
        properties: listParam(request.query.properties),
        propertiesWithHistory: listParam(request.query.propertiesWithHistory),
        associations: listParam(request.query.associations),
      }),
    );
  });

  register('post', '/crm/v3/objects/:objectType', (request, response) => {
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    const input = parseInput(createInputSchema, request.body);
    const associations = resolveCreateAssociations(store, type, input.associations);
    const object = store.objects.create(type, input.properties);
    applyCreateAssociations(store, type, object.id, associations);
    response.status(201).json(writtenView(store, object));
  });

  register('patch', '/crm/v3/objects/:objectType/:objectId', (request, response) => {
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    const id = pathParam(request, 'objectId');
    const input = parseInput(updateInputSchema, request.body);
    const object = findRecord(store, type, id, stringParam(request.query.idProperty));
    if (!object) throw objectNotFound(id);
    response.json(writtenView(store, store.objects.update(type, object.id, input.properties)));
  });

  register('delete', '/crm/v3/objects/:objectType/:objectId', (request, response) => {
    const type = requireWritableObjectType(pathParam(request, 'objectType'));
    store.objects.archive(type, pathParam(request, 'objectId'));
    response.status(204).end();
  });
}
