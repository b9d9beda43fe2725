import { loadAppConfig } from '../hubspot/project/app-config';
import { resolveObjectType } from '../sandbox/object-types';
import type { WebhookSubscription } from '../sandbox/webhook-events';

/** The subscriptions app.json declares, for the sandbox to deliver as HubSpot would after the project is uploaded. */
export function subscriptionsFromAppConfig(): WebhookSubscription[] {
  return loadAppConfig().webhooks.objects.flatMap(({ objectType, events, properties }) => {
    const type = resolveObjectType(objectType);
    return type ? [{ objectType: type, events, properties }] : [];
  });
}
