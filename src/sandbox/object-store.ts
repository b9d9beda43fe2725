import { objectNotFound, validationError } from './errors';
import { createDateProperty, type ObjectType } from './object-types';
import type { PropertyStore, PropertyValueInput } from './property-store';
import { SearchIndexLag } from './search-index-lag';
import type { PropertyChange, StoreEvents } from './store-events';

export interface PropertyHistoryEntry {
  readonly value: string;
  readonly timestamp: string;
  readonly sourceType: string;
}

export interface StoredObject {
  readonly id: string;
  readonly type: ObjectType;
  readonly properties: Record<string, string | null>;
  readonly history: Record<string, PropertyHistoryEntry[]>;
  readonly createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface CreateOptions {
  /** Fixture loading: keeps the given id and instants and may set read-only properties. */
  readonly trusted?: boolean;
  readonly id?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  /** A record HubSpot makes itself (the result of a merge): no creation event. */
  readonly quiet?: boolean;
}

const firstGeneratedId = 10_000_001;

/** HubSpot: a task's or note's hs_timestamp is "Required" (the due date, or when the note was taken). */
export function assertRequiredSet(type: ObjectType, values: Readonly<Record<string, unknown>>): void {
  if ((type === 'tasks' || type === 'notes') && (values.hs_timestamp ?? '') === '')
    throw validationError('Some required properties were not set: hs_timestamp', {
      errors: [
        { message: 'hs_timestamp is required', code: 'REQUIRED_PROPERTY', context: { propertyName: ['hs_timestamp'] } },
      ],
    });
}

/**
 * What HubSpot derives from a task's status: `hs_task_completion_date` is stamped when `hs_task_status`
 * becomes COMPLETED and cleared when the task is reopened; a write that leaves the status alone keeps it.
 */
function taskCompletion(
  type: ObjectType,
  previousStatus: string | null,
  values: Record<string, string | null>,
  instant: string,
): Record<string, string | null> {
  if (type !== 'tasks' || !('hs_task_status' in values)) return {};
  const status = values.hs_task_status ?? null;
  if (status === previousStatus) return {};
  if (status === 'COMPLETED') return { hs_task_completion_date: values.hs_task_completion_date ?? instant };
  return previousStatus === 'COMPLETED' ? { hs_task_completion_date: null } : {};
}

export class ObjectStore {
  private readonly objects = new Map<ObjectType, Map<string, StoredObject>>();
  private nextId = firstGeneratedId;
  /** Its lag is set once the fixture is loaded, so the records HubSpot already had are indexed. */
  readonly searchIndex: SearchIndexLag<StoredObject>;

  constructor(
    private readonly properties: PropertyStore,
    private readonly events: StoreEvents,
    private readonly now: () => number,
  ) {
    this.searchIndex = new SearchIndexLag<StoredObject>(now);
  }

  /** Every record, archived ones too, and the next id to give: what a saved sandbox keeps. */
  dump(): { readonly objects: StoredObject[]; readonly nextId: number } {
    return { objects: [...this.objects.values()].flatMap((table) => [...table.values()]), nextId: this.nextId };
  }

  /** Replaces every record with saved ones, as they were: no change is announced (no webhook is sent for them). */
  restore(objects: readonly StoredObject[], nextId: number): void {
    this.objects.clear();
    this.searchIndex.catchUp();
    for (const object of objects) this.table(object.type).set(object.id, structuredClone(object));
    this.nextId = nextId;
  }

  private table(type: ObjectType): Map<string, StoredObject> {
    let table = this.objects.get(type);
    if (!table) {
      table = new Map();
      this.objects.set(type, table);
    }
    return table;
  }

  private allocateId(requested: string | undefined): string {
    if (requested === undefined) return String(this.nextId++);
    const numeric = Number(requested);
    if (Number.isSafeInteger(numeric) && numeric >= this.nextId) this.nextId = numeric + 1;
    return requested;
  }

  private record(
    object: StoredObject,
    values: Record<string, string | null>,
    instant: string,
  ): Record<string, PropertyChange> {
    const changes: Record<string, PropertyChange> = {};
    for (const [name, current] of Object.entries(values)) {
      const previous = object.properties[name] ?? null;
      object.properties[name] = current;
      if (current !== null)
        (object.history[name] ??= []).unshift({ value: current, timestamp: instant, sourceType: 'API' });
      if (previous !== current) changes[name] = { previous, current };
    }
    return changes;
  }

  create(type: ObjectType, values: Record<string, PropertyValueInput>, options: CreateOptions = {}): StoredObject {
    const normalized = this.properties.normalizeValues(type, values, options.trusted);
    if (options.trusted !== true) assertRequiredSet(type, normalized);
    const id = this.allocateId(options.id);
    // HubSpot writes every instant with milliseconds; a fixture's `...:00Z` is put the same way.
    const createDate = createDateProperty(type);
    const createdAt = new Date(options.createdAt ?? normalized[createDate] ?? this.now()).toISOString();
    const updatedAt = options.updatedAt === undefined ? createdAt : new Date(options.updatedAt).toISOString();
    const object: StoredObject = { id, type, properties: {}, history: {}, createdAt, updatedAt, archived: false };
    this.record(
      object,
      {
        ...normalized,
        ...taskCompletion(type, null, normalized, updatedAt),
        [createDate]: normalized[createDate] ?? createdAt,
        hs_lastmodifieddate: updatedAt,
        hs_object_id: id,
      },
      updatedAt,
    );
    this.table(type).set(id, object);
    this.searchIndex.created(object);
    if (options.quiet !== true)
      this.events.emit({
        kind: 'created',
        objectType: type,
        objectId: id,
        occurredAt: Date.parse(updatedAt),
        properties: { ...object.properties },
      });
    return object;
  }

  get(type: ObjectType, id: string, archived = false): StoredObject | undefined {
    const object = this.table(type).get(id);
    return object && object.archived === archived ? object : undefined;
  }

  require(type: ObjectType, id: string, archived = false): StoredObject {
    const object = this.get(type, id, archived);
    if (!object) throw objectNotFound(id);
    return object;
  }

  isLive(type: ObjectType, id: string): boolean {
    return this.get(type, id) !== undefined;
  }

  /** The live record a merged-away id reads as: HubSpot points "both of the previous IDs" at the merge's result. */
  mergedInto(type: ObjectType, id: string): StoredObject | undefined {
    return this.list(type).find((object) => object.properties.hs_merged_object_ids?.split(';').includes(id));
  }

  /** Finds a live record by a property value, the way `idProperty` lookups do. */
  findBy(type: ObjectType, propertyName: string, value: string): StoredObject | undefined {
    if (propertyName === 'hs_object_id') return this.get(type, value);
    return this.list(type).find((object) => object.properties[propertyName] === value);
  }

  /** Records in id order, HubSpot's order for list endpoints. */
  list(type: ObjectType, archived = false): StoredObject[] {
    return [...this.table(type).values()]
      .filter((object) => object.archived === archived)
      .sort((left, right) => Number(left.id) - Number(right.id) || left.id.localeCompare(right.id));
  }

  /** `derived`: HubSpot itself sets the values (read-only properties it keeps from other records). */
  update(type: ObjectType, id: string, values: Record<string, PropertyValueInput>, derived = false): StoredObject {
    const object = this.require(type, id);
    const normalized = this.properties.normalizeValues(type, values, derived, object.properties);
    // Strictly later than the last write, so a modification always moves the timestamp.
    const instant = new Date(Math.max(this.now(), Date.parse(object.updatedAt) + 1)).toISOString();
    const completion = taskCompletion(type, object.properties.hs_task_status ?? null, normalized, instant);
    this.searchIndex.beforeUpdate(object);
    const changes = this.record(object, { ...normalized, ...completion, hs_lastmodifieddate: instant }, instant);
    object.updatedAt = instant;
    this.events.emit({ kind: 'updated', objectType: type, objectId: id, occurredAt: Date.parse(instant), changes });
    return object;
  }

  /** `quiet`: merged away, which HubSpot reports as a merge, not as a deletion. */
  archive(type: ObjectType, id: string, quiet = false): void {
    const object = this.get(type, id);
    if (!object) return;
    const instant = new Date(this.now()).toISOString();
    object.archived = true;
    object.archivedAt = instant;
    if (!quiet) this.events.emit({ kind: 'archived', objectType: type, objectId: id, occurredAt: Date.parse(instant) });
  }
}
