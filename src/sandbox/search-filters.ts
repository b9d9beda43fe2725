import { validationError } from './errors';
import type { Filter } from './object-schemas';
import type { StoredObject } from './object-store';
import { resolveObjectType } from './object-types';
import { parseInstant } from './property-values';
import type { SandboxStore } from './store';

type Kind = 'number' | 'instant' | 'enumeration' | 'text';

function kindOf(store: SandboxStore, object: StoredObject, propertyName: string): Kind {
  const definition = store.properties.get(object.type, propertyName);
  if (!definition)
    throw validationError(`Property "${propertyName}" does not exist`, { context: { propertyName: [propertyName] } });
  if (definition.type === 'number') return 'number';
  if (definition.type === 'date' || definition.type === 'datetime') return 'instant';
  if (definition.type === 'enumeration' || definition.type === 'bool') return 'enumeration';
  return 'text';
}

/**
 * Comparable form of a value: numbers and instants as numbers, text lower-cased as HubSpot's search is
 * case-insensitive, except for enumerations ("search is case-sensitive for all filter operators").
 */
function comparable(kind: Kind, value: string): number | string | undefined {
  if (kind === 'number') {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  if (kind === 'instant') return parseInstant(value);
  return kind === 'enumeration' ? value : value.toLowerCase();
}

export function compareValues(kind: Kind, left: string, right: string): number | undefined {
  const a = comparable(kind, left);
  const b = comparable(kind, right);
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function tokenMatches(stored: string, pattern: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${escaped}$`);
  const tokens = stored
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .filter((token) => token.length > 0);
  return regex.test(stored.toLowerCase()) || tokens.some((token) => regex.test(token));
}

function requireValue(filter: Filter): string {
  if (filter.value === undefined)
    throw validationError(`Filter on ${filter.propertyName} with operator ${filter.operator} needs a value`);
  return filter.value;
}

function associationFilter(store: SandboxStore, object: StoredObject, filter: Filter, toTypeName: string): boolean {
  const toType = resolveObjectType(toTypeName);
  if (!toType) throw validationError(`Unable to infer object type from: ${toTypeName}`);
  const ids = new Set(
    store.associations
      .targets(object.type, object.id, toType, (id) => store.objects.isLive(toType, id))
      .map((target) => target.toId),
  );
  const wanted = filter.values ?? (filter.value !== undefined ? [filter.value] : []);
  switch (filter.operator) {
    case 'EQ':
    case 'IN':
      return wanted.some((id) => ids.has(id));
    case 'NEQ':
    case 'NOT_IN':
      return !wanted.some((id) => ids.has(id));
    case 'HAS_PROPERTY':
      return ids.size > 0;
    case 'NOT_HAS_PROPERTY':
      return ids.size === 0;
    default:
      throw validationError(`Operator ${filter.operator} is not supported on ${filter.propertyName}`);
  }
}

export function matchesFilter(store: SandboxStore, object: StoredObject, filter: Filter): boolean {
  const association = /^associations\.(.+)$/.exec(filter.propertyName);
  if (association?.[1]) return associationFilter(store, object, filter, association[1]);
  const kind = kindOf(store, object, filter.propertyName);
  const stored = object.properties[filter.propertyName] ?? null;
  const equals = (value: string) =>
    stored !== null &&
    (kind === 'text'
      ? stored.toLowerCase() === value.toLowerCase()
      : kind === 'enumeration'
        ? stored.split(';').includes(value)
        : compareValues(kind, stored, value) === 0);
  // HubSpot: for IN and NOT_IN on a string property "the searched values must be lowercase".
  const listed = (value: string) =>
    stored !== null && (kind === 'text' ? stored.toLowerCase() === value : equals(value));
  const ordered = (value: string, test: (difference: number) => boolean) => {
    const difference = stored === null ? undefined : compareValues(kind, stored, value);
    return difference !== undefined && test(difference);
  };
  switch (filter.operator) {
    case 'EQ':
      return equals(requireValue(filter));
    case 'NEQ':
      return !equals(requireValue(filter));
    case 'LT':
      return ordered(requireValue(filter), (difference) => difference < 0);
    case 'LTE':
      return ordered(requireValue(filter), (difference) => difference <= 0);
    case 'GT':
      return ordered(requireValue(filter), (difference) => difference > 0);
    case 'GTE':
      return ordered(requireValue(filter), (difference) => difference >= 0);
    case 'BETWEEN': {
      if (filter.highValue === undefined)
        throw validationError(`BETWEEN on ${filter.propertyName} needs value and highValue`);
      return (
        ordered(requireValue(filter), (difference) => difference >= 0) &&
        ordered(filter.highValue, (difference) => difference <= 0)
      );
    }
    case 'IN':
      return (filter.values ?? []).some(listed);
    case 'NOT_IN':
      return !(filter.values ?? []).some(listed);
    case 'HAS_PROPERTY':
      return stored !== null;
    case 'NOT_HAS_PROPERTY':
      return stored === null;
    case 'CONTAINS_TOKEN':
      return stored !== null && tokenMatches(stored, requireValue(filter));
    case 'NOT_CONTAINS_TOKEN':
      return stored === null || !tokenMatches(stored, requireValue(filter));
  }
}

export function sortKind(store: SandboxStore, object: StoredObject, propertyName: string): Kind {
  return kindOf(store, object, propertyName);
}
