import { listenOnLoopback, type RunningSandbox } from './listen';
import express, { type Express, type RequestHandler } from 'express';
import { registerAccountRoutes, registerCurrencyRoutes } from './account-routes';
import { registerAssociationReadRoutes } from './association-read-routes';
import { registerAssociationRoutes } from './associations-routes';
import { authenticate } from './authentication';
import { CallCounter, callKey, type CallCounts, type RecordedRequest } from './call-counter';
import { hubSpotErrorHandler, unknownRoute } from './errors';
import { FaultInjector, type FaultSpec } from './fault-injection';
import type { Fixture } from './fixture-schema';
import { loadFixture } from './load-fixture';
import { attachSandboxOAuth, type SandboxOAuth, type SandboxOAuthOptions } from './oauth-single-portal';
import { registerObjectBatchRoutes } from './objects-batch-routes';
import { registerMergeRoutes } from './merge-records';
import { registerObjectRoutes } from './objects-routes';
import { registerOwnerRoutes } from './owners-routes';
import { registerPipelineRoutes } from './pipelines-routes';
import { registerPropertyRoutes } from './properties-routes';
import { PortalRateLimits, rateLimitMiddleware, type LimitCounts, type RateLimitInput } from './rate-limit';
import { registerUsageRoutes } from './usage-routes';
import type { RegisterRoute } from './route-helpers';
import { registerSearchRoutes } from './search';
import { SandboxStore } from './store';
import { WebhookDelivery, type WebhookDeliveryOptions } from './webhook-delivery';

export interface SandboxOptions {
  readonly fixture?: Fixture;
  /** HubSpot's limits (tier burst per 10 s, daily, search per second); `false` switches them off. Defaults to Professional. */
  readonly rateLimit?: RateLimitInput | false;
  /** Pins the one accepted bearer token; any token is accepted otherwise. */
  readonly accessToken?: string;
  /** The clock for record timestamps and the rate limit window. */
  readonly now?: () => number;
  /** Posts signed webhook batches of the store's changes to the app, as HubSpot does. */
  readonly webhooks?: WebhookDeliveryOptions;
  /** Serves OAuth 2026-03 for this portal; API calls then need an access token it issued. */
  readonly oauth?: SandboxOAuthOptions;
  /** Keeps every request with its body and status (`requests()`), for contract tests. */
  readonly recordRequests?: boolean;
  /** How long search trails a write (HubSpot: "a few moments"); 2 s unless given. */
  readonly searchIndexLagMilliseconds?: number;
}

const defaultSearchIndexLagMilliseconds = 2_000;

export type { RunningSandbox } from './listen';

export interface Sandbox {
  readonly app: Express;
  readonly store: SandboxStore;
  start(port?: number): Promise<RunningSandbox>;
  /** Calls by route and, with the limits on, by limit. */
  calls(): CallCounts & { readonly limits?: LimitCounts };
  /** Every request since the start or the last `resetCalls`, in order (with `recordRequests`). */
  requests(): RecordedRequest[];
  resetCalls(): void;
  /** Uses up today's calls but `left`, as other apps of the account would; the next call past them gets DAILY. */
  useDailyCalls(left: number): void;
  failNext(fault: FaultSpec): void;
  clearFaults(): void;
  resetRateLimit(): void;
  /** Starts (or restarts with new options) signed webhook delivery of every later change. */
  deliverWebhooks(options: WebhookDeliveryOptions): WebhookDelivery;
  /** The running webhook delivery, if any. */
  webhookDelivery(): WebhookDelivery | undefined;
  /** With `options.oauth`: its token server and the user-uninstall step. */
  readonly oauth?: SandboxOAuth;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const now = options.now ?? Date.now;
  const store = new SandboxStore(now);
  if (options.fixture) loadFixture(store, options.fixture);
  store.objects.searchIndex.milliseconds = options.searchIndexLagMilliseconds ?? defaultSearchIndexLagMilliseconds;
  const counter = new CallCounter();
  if (options.recordRequests) counter.keepRequests();
  const faults = new FaultInjector();
  const limiter =
    options.rateLimit === false
      ? undefined
      : new PortalRateLimits(
          { ...options.rateLimit, ...(options.oauth ? { oauthApp: true } : {}) },
          now,
          () => store.portal.timeZone,
        );
  const portalId = () => store.portal.id;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '20mb' }));

  let webhooks: WebhookDelivery | undefined;
  const deliverWebhooks = (webhookOptions: WebhookDeliveryOptions) => {
    webhooks?.stop();
    webhooks = new WebhookDelivery(store, webhookOptions);
    return webhooks;
  };
  if (options.webhooks) deliverWebhooks(options.webhooks);
  app.get('/_sandbox/webhooks', (_request, response) => {
    response.json(webhooks ? { enabled: true, ...webhooks.stats() } : { enabled: false });
  });

  const calls = () => ({ ...counter.snapshot(), ...(limiter ? { limits: limiter.snapshot() } : {}) });
  const resetCalls = () => {
    counter.reset();
    limiter?.resetCounts();
  };
  app.get('/_sandbox/calls', (_request, response) => {
    response.json(calls());
  });
  app.delete('/_sandbox/calls', (_request, response) => {
    resetCalls();
    response.status(204).end();
  });

  const oauth = options.oauth ? attachSandboxOAuth(app, store.portal.id, counter, options.oauth, now) : undefined;
  const guards: RequestHandler[] = [
    oauth?.gate ?? authenticate(options.accessToken),
    faults.middleware(portalId),
    rateLimitMiddleware(limiter, portalId),
  ];
  const register: RegisterRoute = (method, pattern, handler) => {
    const count: RequestHandler = (request, response, next) => {
      const key = callKey(request, pattern);
      response.locals.callKey = key;
      counter.record(key);
      counter.recordRequest(request, response, key);
      next();
    };
    app[method](pattern, count, ...guards, (request, response) => handler(request, response));
  };
  registerObjectBatchRoutes(register, store);
  registerSearchRoutes(register, store);
  registerMergeRoutes(register, store);
  registerObjectRoutes(register, store);
  registerAssociationRoutes(register, store);
  registerAssociationReadRoutes(register, store);
  registerPropertyRoutes(register, store);
  registerOwnerRoutes(register, store);
  registerPipelineRoutes(register, store);
  registerAccountRoutes(register, store);
  registerCurrencyRoutes(register, store);
  registerUsageRoutes(register, limiter, now, () => store.portal.timeZone);

  const countUnknown: RequestHandler = (request, response, next) => {
    const key = `${request.method} ${request.path}`;
    response.locals.callKey = key;
    counter.record(key);
    counter.recordRequest(request, response, key);
    next();
  };
  app.use(countUnknown, ...guards, unknownRoute);
  app.use(hubSpotErrorHandler);

  return {
    app,
    store,
    calls,
    requests: () => counter.requests(),
    resetCalls,
    useDailyCalls: (left) => limiter?.useDaily(left),
    failNext: (fault) => faults.failNext(fault),
    clearFaults: () => faults.clear(),
    resetRateLimit: () => limiter?.reset(),
    deliverWebhooks,
    webhookDelivery: () => webhooks,
    ...(oauth ? { oauth } : {}),
    start: (port = 0) => listenOnLoopback(app, port, () => webhooks?.stop()),
  };
}
