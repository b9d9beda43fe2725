import { EventEmitter } from 'node:events';
import type { ObjectType } from './object-types';

export interface PropertyChange {
  readonly previous: string | null;
  readonly current: string | null;
}

/** One change to the store; shaped so webhook delivery can be built on it later. */
export type StoreChange =
  | {
      readonly kind: 'created';
      readonly objectType: ObjectType;
      readonly objectId: string;
      readonly occurredAt: number;
      readonly properties: Record<string, string | null>;
    }
  | {
      readonly kind: 'updated';
      readonly objectType: ObjectType;
      readonly objectId: string;
      readonly occurredAt: number;
      readonly changes: Record<string, PropertyChange>;
    }
  | {
      readonly kind: 'archived';
      readonly objectType: ObjectType;
      readonly objectId: string;
      readonly occurredAt: number;
    }
  | {
      /** Two records merged into a new one (`objectId`); the two are gone, their ids read as the new one. */
      readonly kind: 'merged';
      readonly objectType: ObjectType;
      readonly objectId: string;
      readonly primaryObjectId: string;
      readonly mergedObjectIds: readonly string[];
      readonly numberOfPropertiesMoved: number;
      readonly occurredAt: number;
    }
  | {
      readonly kind: 'associated' | 'disassociated';
      readonly objectType: ObjectType;
      readonly objectId: string;
      readonly toObjectType: ObjectType;
      readonly toObjectId: string;
      readonly associationTypeIds: readonly number[];
      readonly occurredAt: number;
    };

export type StoreChangeListener = (change: StoreChange) => void;

export class StoreEvents {
  private readonly emitter = new EventEmitter();

  emit(change: StoreChange): void {
    this.emitter.emit('change', change);
  }

  /** Returns the function that unsubscribes. */
  onChange(listener: StoreChangeListener): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
