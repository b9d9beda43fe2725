import {
  associationTypeById,
  childToParentTypeId,
  isPrimaryType,
  parentToChildTypeId,
  type AssociationType,
} from './association-types';
import { validationError } from './errors';
import type { ObjectType } from './object-types';
import type { StoreEvents } from './store-events';

export interface AssociatedRecord {
  readonly toId: string;
  readonly typeIds: readonly number[];
}

type Edges = Map<string, Set<number>>;

/** One stored direction of an association: `key` is `fromType:fromId:toType`. */
export interface SavedAssociation {
  readonly key: string;
  readonly toId: string;
  readonly typeIds: readonly number[];
}

/** Associations in both directions; every type is stored with its inverse, as HubSpot does. */
export class AssociationStore {
  private readonly edges = new Map<string, Edges>();

  constructor(
    private readonly events: StoreEvents,
    private readonly now: () => number,
  ) {}

  /** Every association as stored (each direction apart), for a saved sandbox. */
  dump(): SavedAssociation[] {
    return [...this.edges].flatMap(([key, edges]) =>
      [...edges]
        .filter(([, typeIds]) => typeIds.size > 0)
        .map(([toId, typeIds]) => ({ key, toId, typeIds: [...typeIds] })),
    );
  }

  /** Replaces every association with saved ones; no change is announced. */
  restore(saved: readonly SavedAssociation[]): void {
    this.edges.clear();
    for (const { key, toId, typeIds } of saved) {
      const edges = this.edges.get(key) ?? new Map<string, Set<number>>();
      edges.set(toId, new Set(typeIds));
      this.edges.set(key, edges);
    }
  }

  private edgesOf(fromType: ObjectType, fromId: string, toType: ObjectType): Edges {
    const key = `${fromType}:${fromId}:${toType}`;
    let edges = this.edges.get(key);
    if (!edges) {
      edges = new Map();
      this.edges.set(key, edges);
    }
    return edges;
  }

  private put(type: AssociationType, fromId: string, toId: string): void {
    const edges = this.edgesOf(type.from, fromId, type.to);
    const typeIds = edges.get(toId) ?? new Set<number>();
    typeIds.add(type.typeId);
    edges.set(toId, typeIds);
  }

  private drop(type: AssociationType, fromId: string, toId: string): void {
    this.edgesOf(type.from, fromId, type.to).get(toId)?.delete(type.typeId);
  }

  /** Adds one association type (with its unlabeled companion and inverses); returns the types now set. */
  add(fromType: ObjectType, fromId: string, toId: string, typeId: number): AssociationType[] {
    const type = associationTypeById(typeId);
    if (!type || type.from !== fromType) {
      throw validationError(`${typeId} is not a valid association type from ${fromType}`, {
        subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
        context: { associationTypeId: [String(typeId)] },
      });
    }
    const added = [type];
    if (type.typeId === parentToChildTypeId || type.typeId === childToParentTypeId) {
      this.clearParent(type.typeId === childToParentTypeId ? fromId : toId, fromId, toId);
    }
    if (isPrimaryType(type)) {
      this.clearPrimary(type, fromId);
      const unlabeled = associationTypeById(type.unlabeledTypeId ?? -1);
      if (unlabeled) added.push(unlabeled);
    }
    for (const each of added) {
      this.put(each, fromId, toId);
      const inverse = associationTypeById(each.inverseTypeId);
      if (inverse) this.put(inverse, toId, fromId);
    }
    this.events.emit({
      kind: 'associated',
      objectType: fromType,
      objectId: fromId,
      toObjectType: type.to,
      toObjectId: toId,
      associationTypeIds: added.map((each) => each.typeId),
      occurredAt: this.now(),
    });
    return added;
  }

  // A record has one primary company: setting a new one demotes the old one to unlabeled.
  private clearPrimary(primary: AssociationType, fromId: string): void {
    const inverse = associationTypeById(primary.inverseTypeId);
    for (const [toId, typeIds] of this.edgesOf(primary.from, fromId, primary.to)) {
      if (!typeIds.has(primary.typeId)) continue;
      this.drop(primary, fromId, toId);
      if (inverse) this.drop(inverse, toId, fromId);
    }
  }

  // A company has one parent: a new parent replaces the old one, and a company cannot be its own parent.
  private clearParent(childId: string, fromId: string, toId: string): void {
    if (fromId === toId) {
      throw validationError(`Company ${fromId} cannot be its own parent`, {
        subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
        context: { associationTypeId: [String(childToParentTypeId)] },
      });
    }
    const toParent = associationTypeById(childToParentTypeId);
    const toChild = associationTypeById(parentToChildTypeId);
    if (!toParent || !toChild) return;
    for (const [parentId, typeIds] of this.edgesOf('companies', childId, 'companies')) {
      if (!typeIds.has(childToParentTypeId)) continue;
      this.drop(toParent, childId, parentId);
      this.drop(toChild, parentId, childId);
    }
  }

  /** The company's parent, from its child-to-parent association. */
  parentOf(companyId: string): string | null {
    for (const [parentId, typeIds] of this.edgesOf('companies', companyId, 'companies')) {
      if (typeIds.has(childToParentTypeId)) return parentId;
    }
    return null;
  }

  remove(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): void {
    const typeIds = [...(this.edgesOf(fromType, fromId, toType).get(toId) ?? [])];
    if (typeIds.length === 0) return;
    this.edgesOf(fromType, fromId, toType).delete(toId);
    this.edgesOf(toType, toId, fromType).delete(fromId);
    this.events.emit({
      kind: 'disassociated',
      objectType: fromType,
      objectId: fromId,
      toObjectType: toType,
      toObjectId: toId,
      associationTypeIds: typeIds,
      occurredAt: this.now(),
    });
  }

  /** Associated records in id order, each with its type ids sorted. */
  targets(
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
    isLive: (id: string) => boolean,
  ): AssociatedRecord[] {
    return [...this.edgesOf(fromType, fromId, toType)]
      .filter(([toId, typeIds]) => typeIds.size > 0 && isLive(toId))
      .map(([toId, typeIds]) => ({ toId, typeIds: [...typeIds].sort((left, right) => left - right) }))
      .sort((left, right) => Number(left.toId) - Number(right.toId));
  }
}
