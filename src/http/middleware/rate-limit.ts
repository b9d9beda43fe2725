import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
import { z } from 'zod';
import type { Env } from '../../config/env';
import type { Logger } from '../../config/logger';
import { ServiceError } from '../../services/service-error';
import type { Database } from '../../db/client';
import { identifyKey } from '../../services/ingestion/api-keys';
import { DatabaseRateLimitStore } from './database-rate-limit-store';
import { isVerifiedHubSpotRequest } from './hubspot-signature';
import { presentedKey } from './presented-key';

export const rateLimitSettingsSchema = z.object({
  windowSeconds: z.number().int().positive().default(60),
  /** Requests per window from one IP that prove no credential (0 turns the limit off). */
  perIp: z.number().int().nonnegative().default(600),
  /** Requests per window carrying one ingestion key (0 turns the limit off). */
  perIngestionKey: z.number().int().nonnegative().default(12_000),
});

export type RateLimitSettings = z.infer<typeof rateLimitSettingsSchema>;

export function rateLimitSettingsFromEnv(
  env: Pick<Env, 'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_PER_IP' | 'RATE_LIMIT_PER_INGESTION_KEY'>,
): RateLimitSettings {
  return {
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    perIp: env.RATE_LIMIT_PER_IP,
    perIngestionKey: env.RATE_LIMIT_PER_INGESTION_KEY,
  };
}

/** For a handler that checks a credential itself (HubSpot's webhooks): the request leaves the per-IP budget. */
export function markCredentialProved(response: Response): void {
  response.locals.credentialProved = true;
}

/** A request that proved an ingestion key or a HubSpot signature (set by their middleware). */
function provedCredential(request: Request, response: Response): boolean {
  return (
    response.locals.ingestionCaller !== undefined ||
    response.locals.credentialProved === true ||
    isVerifiedHubSpotRequest(request)
  );
}

/** `memory`: each process counts on its own; `database`: replicas sharing the database share the budgets. */
export type RateLimitStoreKind = 'memory' | 'database';

function storeOf(kind: RateLimitStoreKind, db: Database, prefix: string): { store?: Store } {
  return kind === 'database' ? { store: new DatabaseRateLimitStore(db, prefix) } : {};
}

function commonOptions(settings: RateLimitSettings, logger: Logger, limit: number, what: string): Partial<Options> {
  const windowMs = settings.windowSeconds * 1000;
  return {
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Without the database store (RateLimitStoreKind), each replica counts on its own (see README).
    logger: {
      error: (error: unknown, message?: string) => logger.error({ err: error }, message ?? 'rate limiter error'),
      warn: () => undefined,
    },
    handler: (_request, _response, next) => {
      next(
        new ServiceError(
          'rate_limited',
          `Too many requests: at most ${limit} per ${settings.windowSeconds} s ${what}`,
          { limit, windowSeconds: settings.windowSeconds },
        ),
      );
    },
  };
}

const passThrough: RequestHandler = (_request, _response, next) => next();

/** A request carrying a credential to check: an API key, or a HubSpot signature. */
function presentsCredential(request: Request): boolean {
  return presentedKey(request) !== undefined || request.get('x-hubspot-signature-v3') !== undefined;
}

/**
 * Per client IP. A request that presents a credential is only read against the budget up front and counted once
 * answered if the credential failed (401), so HubSpot's signed calls and keyed ingestion write nothing to the
 * counter every request from that address shares. Any other request is counted up front (and uncounted once
 * answered if it proved a credential some other way, as a signed webhook does).
 */
export function perIpRateLimit(
  settings: RateLimitSettings,
  logger: Logger,
  db: Database,
  storeKind: RateLimitStoreKind = 'memory',
): RequestHandler {
  if (settings.perIp === 0) return passThrough;
  // The database store adds the `ip:` prefix itself (its rows are shared with the per-key limit's).
  const store: Store = storeKind === 'database' ? new DatabaseRateLimitStore(db, 'ip:') : new MemoryStore();
  const keyOf = (request: Request) => ipKeyGenerator(request.ip ?? 'unknown');
  const uncounted = new WeakSet<Request>();
  const limiter = rateLimit({
    ...commonOptions(settings, logger, settings.perIp, 'from one address'),
    store,
    keyGenerator: keyOf,
    skipSuccessfulRequests: true,
    requestWasSuccessful: provedCredential,
    // Under the limit, a request with a credential passes uncounted; over it, it is counted and refused as any other.
    skip: async (request) => {
      if (!presentsCredential(request)) return false;
      const current = await store.get?.(keyOf(request));
      const under = current === undefined || current.totalHits < settings.perIp;
      if (under) uncounted.add(request);
      return under;
    },
  });
  return (request, response, next) => {
    if (presentsCredential(request))
      response.once('finish', () => {
        // Passed uncounted above and did not prove its credential (a 401, or its key's own 429): counted now, once.
        if (!uncounted.has(request) || provedCredential(request, response)) return;
        Promise.resolve(store.increment(keyOf(request))).catch((error: unknown) =>
          logger.error({ err: error }, 'rate limiter error'),
        );
      });
    void limiter(request, response, next);
  };
}

/**
 * Per key, counted under the key's id once the key is known to be active (any scope), so no spelling of a
 * header gets a fresh budget. A request that presents no active key falls to the per-IP limit, which counts
 * it when its authentication fails.
 */
export function perKeyRateLimit(
  settings: RateLimitSettings,
  logger: Logger,
  db: Database,
  storeKind: RateLimitStoreKind = 'memory',
): RequestHandler {
  if (settings.perIngestionKey === 0) return passThrough;
  const keyIds = new WeakMap<Request, Promise<string | undefined>>();
  const keyIdOf = (request: Request): Promise<string | undefined> => {
    let keyId = keyIds.get(request);
    if (keyId === undefined) {
      const key = presentedKey(request);
      keyId = key === undefined ? Promise.resolve(undefined) : identifyKey(db, key);
      keyIds.set(request, keyId);
    }
    return keyId;
  };
  return rateLimit({
    ...commonOptions(settings, logger, settings.perIngestionKey, 'with one key'),
    ...storeOf(storeKind, db, 'key:'),
    skip: async (request) => (await keyIdOf(request)) === undefined,
    keyGenerator: async (request) => (await keyIdOf(request)) ?? '',
  });
}
