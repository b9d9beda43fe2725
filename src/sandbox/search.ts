import { parseInput, validationError } from './errors';
import { searchRequestSchema, type SearchRequest, type Sort } from './object-schemas';
import type { StoredObject } from './object-store';
import type { ObjectType } from './object-types';
import { objectView } from './object-view';
import { pathParam, requireObjectType, type RegisterRoute } from './route-helpers';
import { compareValues, matchesFilter, sortKind } from './search-filters';
import type { SandboxStore } from './store';

export const searchMaxLimit = 200;
/** HubSpot's search never pages past the 10,000th result. */
export const searchResultCap = 10_000;
const maxFilterGroups = 5;
const maxFiltersPerGroup = 6;
const maxFiltersTotal = 18;

const textSearchProperties: Record<ObjectType, readonly string[]> = {
  companies: ['name', 'domain', 'website'],
  deals: ['dealname'],
  tasks: ['hs_task_subject', 'hs_task_body'],
  notes: ['hs_note_body'],
  feedback_submissions: ['hs_content'],
};

function checkLimits(request: SearchRequest): void {
  if (request.limit > searchMaxLimit)
    throw validationError(`limit must be less than or equal to ${searchMaxLimit}, got ${request.limit}`);
  if (request.filterGroups.length > maxFilterGroups)
    throw validationError(`Too many filter groups: at most ${maxFilterGroups} are allowed`);
  const filterCount = request.filterGroups.reduce((sum, group) => sum + group.filters.length, 0);
  if (
    request.filterGroups.some((group) => group.filters.length > maxFiltersPerGroup) ||
    filterCount > maxFiltersTotal
  ) {
    throw validationError(
      `Too many filters: at most ${maxFiltersPerGroup} per group and ${maxFiltersTotal} in all are allowed`,
    );
  }
}

function compareBy(store: SandboxStore, sorts: readonly Sort[]) {
  return (left: StoredObject, right: StoredObject): number => {
    for (const sort of sorts) {
      const a = left.properties[sort.propertyName] ?? null;
      const b = right.properties[sort.propertyName] ?? null;
      // Records without a value come last whichever the direction.
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
        continue;
      }
      const difference = compareValues(sortKind(store, left, sort.propertyName), a, b) ?? 0;
      if (difference !== 0) return sort.direction === 'DESCENDING' ? -difference : difference;
    }
    return Number(left.id) - Number(right.id);
  };
}

export interface SearchPage {
  readonly total: number;
  readonly results: StoredObject[];
  readonly nextAfter?: number;
}

export function searchObjects(store: SandboxStore, type: ObjectType, request: SearchRequest): SearchPage {
  checkLimits(request);
  const after = request.after === undefined || request.after === '' ? 0 : Number(request.after);
  if (!Number.isInteger(after) || after < 0)
    throw validationError(`after must be a paging cursor from a previous response, got ${String(request.after)}`);
  if (after >= searchResultCap) {
    throw validationError(
      `Cannot page past the first ${searchResultCap} results of a search (after=${after}). Narrow the filters instead.`,
      {
        context: { after: [String(after)] },
      },
    );
  }
  const query = request.query?.trim().toLowerCase();
  const matches = store.objects
    .list(type)
    .filter(
      (object) =>
        request.filterGroups.length === 0 ||
        request.filterGroups.some((group) => group.filters.every((filter) => matchesFilter(store, object, filter))),
    )
    .filter(
      (object) =>
        !query || textSearchProperties[type].some((name) => object.properties[name]?.toLowerCase().includes(query)),
    )
    .sort(compareBy(store, request.sorts));
  // The cap is exact: a page that would cross it stops at the 10,000th result. Like HubSpot, a capped search still
  // offers `after` 10000 as its next page, which then answers 400.
  const next = Math.min(after + request.limit, searchResultCap);
  return {
    total: matches.length,
    results: matches.slice(after, next),
    ...(next < matches.length && request.limit > 0 ? { nextAfter: next } : {}),
  };
}

export function registerSearchRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('post', '/crm/v3/objects/:objectType/search', (request, response) => {
    const type = requireObjectType(pathParam(request, 'objectType'));
    const input = parseInput(searchRequestSchema, request.body);
    const page = searchObjects(store, type, input);
    response.json({
      total: page.total,
      results: page.results.map((object) => objectView(store, object, { properties: input.properties })),
      ...(page.nextAfter !== undefined ? { paging: { next: { after: String(page.nextAfter) } } } : {}),
    });
  });
}
