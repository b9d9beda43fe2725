import { objectTypeInfo, type ObjectType } from './object-types';
import type { StoreChange } from './store-events';

/** What the app subscribes to for one object type (app.json `webhooks.objects`). */
export interface WebhookSubscription {
  readonly objectType: ObjectType;
  readonly events: readonly ('creation' | 'deletion' | 'merge' | 'restore' | 'associationChange')[];
  readonly properties: readonly string[];
}

/** One event of a v3 webhook batch in the generic `object.*` format, without its delivery attempt number. */
export type WebhookEventBody = Record<string, string | number | boolean | number[] | null> & {
  readonly eventId: number;
  readonly occurredAt: number;
};

export interface EventContext {
  readonly portalId: number;
  readonly appId: number;
  readonly nextEventId: () => number;
}

// HubSpot's legacy association type names, which the payloads still carry.
function associationName(from: ObjectType, to: ObjectType): string {
  return `${objectTypeInfo[from].singular.toUpperCase()}_TO_${objectTypeInfo[to].singular.toUpperCase()}`;
}

function subscriptionIdOf(objectType: ObjectType, kind: string, propertyName?: string): number {
  // Stable per subscription, like HubSpot's ids: derived from what the subscription is.
  let hash = 7;
  for (const character of `${objectType}:${kind}:${propertyName ?? ''}`)
    hash = (hash * 31 + character.charCodeAt(0)) % 1_000_000_007;
  return hash;
}

/** The webhook events HubSpot would send the app for one change of the store, given its subscriptions. */
export function webhookEventsFor(
  change: StoreChange,
  subscriptions: readonly WebhookSubscription[],
  context: EventContext,
): WebhookEventBody[] {
  const subscriptionOf = (type: ObjectType) => subscriptions.find((subscription) => subscription.objectType === type);
  const common = (type: ObjectType, kind: string, propertyName?: string) => ({
    eventId: context.nextEventId(),
    subscriptionId: subscriptionIdOf(type, kind, propertyName),
    portalId: context.portalId,
    appId: context.appId,
    occurredAt: change.occurredAt,
    subscriptionType: `object.${kind}`,
    changeSource: 'API',
  });
  const objectEvent = (kind: string, extra: Record<string, string | null> = {}): WebhookEventBody => ({
    ...common(change.objectType, kind, extra.propertyName ?? undefined),
    objectTypeId: objectTypeInfo[change.objectType].objectTypeId,
    objectId: Number(change.objectId),
    ...extra,
  });
  const propertyEvents = (values: Record<string, string | null>): WebhookEventBody[] => {
    const subscribed = subscriptionOf(change.objectType)?.properties ?? [];
    return Object.entries(values)
      .filter(([name]) => subscribed.includes(name))
      .map(([propertyName, value]) => objectEvent('propertyChange', { propertyName, propertyValue: value ?? '' }));
  };
  const subscribedTo = (type: ObjectType, kind: WebhookSubscription['events'][number]) =>
    subscriptionOf(type)?.events.includes(kind) ?? false;

  switch (change.kind) {
    case 'created': {
      const created = subscribedTo(change.objectType, 'creation')
        ? [objectEvent('creation', { changeFlag: 'CREATED' })]
        : [];
      const setValues = Object.fromEntries(Object.entries(change.properties).filter(([, value]) => value !== null));
      return [...created, ...propertyEvents(setValues)];
    }
    case 'updated':
      return propertyEvents(
        Object.fromEntries(Object.entries(change.changes).map(([name, { current }]) => [name, current])),
      );
    case 'archived':
      return subscribedTo(change.objectType, 'deletion') ? [objectEvent('deletion', { changeFlag: 'DELETED' })] : [];
    case 'merged':
      // HubSpot's merge event: the record merged into, the others, and the new record the merge made.
      return subscribedTo(change.objectType, 'merge')
        ? [
            {
              ...objectEvent('merge'),
              objectId: Number(change.primaryObjectId),
              primaryObjectId: Number(change.primaryObjectId),
              mergedObjectIds: change.mergedObjectIds.map(Number),
              newObjectId: Number(change.objectId),
              numberOfPropertiesMoved: change.numberOfPropertiesMoved,
            },
          ]
        : [];
    case 'associated':
    case 'disassociated': {
      // HubSpot fires one event per side of the association, each for that side's subscription.
      const sides: Array<[ObjectType, string, ObjectType, string]> = [
        [change.objectType, change.objectId, change.toObjectType, change.toObjectId],
        [change.toObjectType, change.toObjectId, change.objectType, change.objectId],
      ];
      return sides
        .filter(([from]) => subscribedTo(from, 'associationChange'))
        .map(([from, fromId, to, toId]) => ({
          ...common(from, 'associationChange'),
          associationType: associationName(from, to),
          fromObjectTypeId: objectTypeInfo[from].objectTypeId,
          fromObjectId: Number(fromId),
          toObjectTypeId: objectTypeInfo[to].objectTypeId,
          toObjectId: Number(toId),
          associationRemoved: change.kind === 'disassociated',
          isPrimaryAssociation: change.associationTypeIds.some((typeId) => typeId === 5 || typeId === 6),
        }));
    }
  }
}
