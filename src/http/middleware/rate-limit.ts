import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { z } from 'zod';
import type { Env } from '../../config/env';
import type { Logger } from '../../config/logger';
import { ServiceError } from '../../services/service-error';
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

export function rateLimitSettingsFromEnv(env: Pick<Env, 'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_PER_IP' | 'RATE_LIMIT_PER_INGESTION_KEY'>): RateLimitSettings {
  return { windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS, perIp: env.RATE_LIMIT_PER_IP, perIngestionKey: env.RATE_LIMIT_PER_INGESTION_KEY };
}

/** For a handler that checks a credential itself (HubSpot's webhooks): the request leaves the per-IP budget. */
export function markCredentialProved(response: Response): void {
  response.locals.credentialProved = true;
}

/** A request that proved an ingestion key or a HubSpot signature (set by their middleware). */
function provedCredential(request: Request, response: Response): boolean {
  return response.locals.ingestionCaller !== undefined || response.locals.credentialProved === true || isVerifiedHubSpotRequest(request);
}

function commonOptions(settings: RateLimitSettings, logger: Logger, limit: number, what: string): Partial<Options> {
  const windowMs = settings.windowSeconds * 1000;
  return {
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The memory store lives in this process: with several replicas each counts on its own (see README).
    logger: { error: (error: unknown, message?: string) => logger.error({ err: error }, message ?? 'rate limiter error'), warn: () => undefined },
    handler: (_request, _response, next) => {
      next(new ServiceError('rate_limited', `Too many requests: at most ${limit} per ${settings.windowSeconds} s ${what}`, { limit, windowSeconds: settings.windowSeconds }));
    },
  };
}

const passThrough: RequestHandler = (_request, _response, next) => next();

/**
 * Per client IP. A request that proves a credential is uncounted once answered, so HubSpot's signed
 * calls and keyed ingestion never spend the anonymous budget, while failed attempts (401) do.
 */
export function perIpRateLimit(settings: RateLimitSettings, logger: Logger): RequestHandler {
  if (settings.perIp === 0) return passThrough;
  return rateLimit({
    ...commonOptions(settings, logger, settings.perIp, 'from one address'),
    keyGenerator: (request) => `ip:${ipKeyGenerator(request.ip ?? 'unknown')}`,
    skipSuccessfulRequests: true,
    requestWasSuccessful: provedCredential,
  });
}

function presentedCredential(request: Request): string | undefined {
  const key = presentedKey(request);
  return key === undefined ? undefined : createHash('sha256').update(key).digest('base64url');
}

/**
 * Per key (hashed: the key itself is never kept), parsed as authentication parses it. A header that presents
 * no key falls to the per-IP limit, which counts it when its authentication fails.
 */
export function perKeyRateLimit(settings: RateLimitSettings, logger: Logger): RequestHandler {
  if (settings.perIngestionKey === 0) return passThrough;
  return rateLimit({
    ...commonOptions(settings, logger, settings.perIngestionKey, 'with one key'),
    skip: (request) => presentedCredential(request) === undefined,
    keyGenerator: (request) => `key:${presentedCredential(request) ?? ''}`,
  });
}
