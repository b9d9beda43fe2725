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
/** HubSpot: "A query can contain a maximum of 3,000 characters"; a longer body is answered 400. */
export const searchMaxBodyCharacters = 3_000;

const textSearchProperties: Record<ObjectType, readonly string[]> = {
  companies: ['name', 'domain', 'website'],
  deals: ['dealname'],
  tasks: ['hs_task_subject', 'hs_task_body'],
  notes: ['hs_note_body'],
  feedback_submissions: ['hs_content'],
};

function checkLimits(request: SearchRequest): void {
  if (request.sorts.length > 1)
    throw validationError(`Only one sorting rule can be applied to a search, got ${request.sorts.length}`);
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

/** FNV-1a of the salted id: an order of records that changes with the salt. */
function saltedRank(id: string, salt: number): number {
  let hash = 0x811c9dc5 ^ salt;
  for (const character of id) hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 0x01000193);
  return hash >>> 0;
}

/**
 * HubSpot states no order among records a sort finds equal, nor that two requests order them alike; with a
 * `tieSalt` other than 0 each request orders them its own way, so a client paging by offset through ties is caught.
 * Without a sort, in id order: here, the order records were created in (HubSpot: oldest first).
 */
function compareBy(store: SandboxStore, sorts: readonly Sort[], tieSalt: number) {
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
    if (sorts.length > 0 && tieSalt !== 0) return saltedRank(left.id, tieSalt) - saltedRank(right.id, tieSalt);
    return Number(left.id) - Number(right.id);
  };
}

export interface SearchPage {
  readonly total: number;
  readonly results: StoredObject[];
  readonly nextAfter?: number;
}

export function searchObjects(store: SandboxStore, type: ObjectType, request: SearchRequest, tieSalt = 0): SearchPage {
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
  const matches = store.objects.searchIndex
    .indexed(store.objects.list(type))
    .filter(
      (object) =>
        request.filterGroups.length === 0 ||
        request.filterGroups.some((group) => group.filters.every((filter) => matchesFilter(store, object, filter))),
    )
    .filter(
      (object) =>
        !query || textSearchProperties[type].some((name) => object.properties[name]?.toLowerCase().includes(query)),
    )
    .sort(compareBy(store, request.sorts, tieSalt));
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
  let searches = 0;
  register('post', '/crm/v3/objects/:objectType/search', (request, response) => {
    const type = requireObjectType(pathParam(request, 'objectType'));
    const characters = JSON.stringify(request.body ?? {}).length;
    if (characters > searchMaxBodyCharacters)
      throw validationError(
        `A search request may hold at most ${searchMaxBodyCharacters} characters, this one holds ${characters}`,
      );
    const input = parseInput(searchRequestSchema, request.body);
    searches += 1;
    const page = searchObjects(store, type, input, searches);
    response.json({
      total: page.total,
      results: page.results.map((object) => objectView(store, object, { properties: input.properties })),
      ...(page.nextAfter !== undefined ? { paging: { next: { after: String(page.nextAfter) } } } : {}),
    });
  });
}
