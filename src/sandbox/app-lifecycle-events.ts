import { hubspotSignatureV3 } from './webhook-delivery';

/** The webhooks journal's event type of an app uninstall (`APP_LIFECYCLE_EVENT`; install is 4-1909196). */
export const appUninstallEventTypeId = '4-1916193';

export interface AppLifecycleTarget {
  /** The service's lifecycle route, e.g. https://cs.example.com/hubspot/app-lifecycle; part of what is signed. */
  readonly targetUrl: string;
  readonly clientSecret: string;
}

export interface AppLifecycleEvent {
  readonly eventId: number;
  readonly subscriptionId: number;
  readonly portalId: number;
  readonly appId: number;
  readonly occurredAt: number;
  readonly subscriptionType: 'APP_LIFECYCLE_EVENT';
  readonly eventTypeId: string;
  readonly attemptNumber: number;
}

let nextEventId = 9_000_000;

/** Posts one signed (v3) app-uninstall event, as HubSpot reports a user removing the app; resolves to the HTTP status. */
export async function postAppUninstalled(target: AppLifecycleTarget, input: { portalId: number; appId: number; occurredAt: number }): Promise<number> {
  nextEventId += 1;
  const event: AppLifecycleEvent = {
    eventId: nextEventId,
    subscriptionId: 4_242_001,
    portalId: input.portalId,
    appId: input.appId,
    occurredAt: input.occurredAt,
    subscriptionType: 'APP_LIFECYCLE_EVENT',
    eventTypeId: appUninstallEventTypeId,
    attemptNumber: 0,
  };
  const body = JSON.stringify([event]);
  const timestamp = String(Date.now());
  const response = await fetch(target.targetUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-HubSpot-Request-Timestamp': timestamp,
      'X-HubSpot-Signature-v3': hubspotSignatureV3(target.clientSecret, 'POST', target.targetUrl, body, timestamp),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
