import type { WebhookEvent } from './webhook-event-schema';

export type SyncedObjectType = 'companies' | 'deals';

const syncedTypes: Record<string, SyncedObjectType> = { '0-2': 'companies', '0-3': 'deals' };

/** What an event asks of one local record: read it again from HubSpot, or remove it. */
export interface RecordEffect {
  readonly objectType: SyncedObjectType;
  readonly objectId: string;
  readonly action: 'refresh' | 'remove';
  readonly occurredAt: number;
}

function dealOfAssociation(event: WebhookEvent): string | undefined {
  const from = event.fromObjectTypeId ?? event.associationType?.split('_TO_')[0];
  const to = event.toObjectTypeId ?? event.associationType?.split('_TO_')[1];
  const isDeal = (type: string | undefined) => type === '0-3' || type?.toUpperCase() === 'DEAL';
  const isCompany = (type: string | undefined) => type === '0-2' || type?.toUpperCase() === 'COMPANY';
  if (isDeal(from) && isCompany(to)) return event.fromObjectId;
  if (isCompany(from) && isDeal(to)) return event.toObjectId;
  return undefined;
}

/** The record effects of one event; none for objects or kinds the service does not sync. */
export function effectsOf(event: WebhookEvent): RecordEffect[] {
  const at = event.occurredAt;
  if (event.kind === 'associationChange') {
    const dealId = dealOfAssociation(event);
    // Either side of a deal-company link may change the deal's contract (its primary company).
    return dealId === undefined ? [] : [{ objectType: 'deals', objectId: dealId, action: 'refresh', occurredAt: at }];
  }
  const objectType = event.objectTypeId === undefined ? undefined : syncedTypes[event.objectTypeId];
  if (!objectType || event.objectId === undefined || event.kind === undefined) return [];
  switch (event.kind) {
    case 'creation':
    case 'restore':
    case 'propertyChange':
      return [{ objectType, objectId: event.objectId, action: 'refresh', occurredAt: at }];
    case 'deletion':
      return [{ objectType, objectId: event.objectId, action: 'remove', occurredAt: at }];
    case 'merge': {
      // The record that survives is the new one when HubSpot made one, else the primary.
      const survivor = event.newObjectId ?? event.primaryObjectId ?? event.objectId;
      const mergedAway = [event.primaryObjectId, event.objectId, ...(event.mergedObjectIds ?? [])].filter(
        (id): id is string => id !== undefined && id !== survivor,
      );
      return [
        ...[...new Set(mergedAway)].map((objectId): RecordEffect => ({
          objectType,
          objectId,
          action: 'remove',
          occurredAt: at,
        })),
        { objectType, objectId: survivor, action: 'refresh', occurredAt: at },
      ];
    }
  }
}

const keyOf = (effect: Pick<RecordEffect, 'objectType' | 'objectId'>) => `${effect.objectType}:${effect.objectId}`;

/**
 * One effect per record: the latest by occurredAt (on a tie the later in the list), unless the record already
 * had a change applied that occurred after it, which makes the event stale.
 */
export function collapseEffects(
  effects: readonly RecordEffect[],
  appliedAt: (effect: RecordEffect) => number | undefined,
): RecordEffect[] {
  const latest = new Map<string, RecordEffect>();
  for (const effect of effects) {
    const current = latest.get(keyOf(effect));
    if (!current || effect.occurredAt >= current.occurredAt) latest.set(keyOf(effect), effect);
  }
  return [...latest.values()].filter((effect) => {
    const applied = appliedAt(effect);
    return applied === undefined || effect.occurredAt >= applied;
  });
}
