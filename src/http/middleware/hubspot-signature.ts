import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error';

/** HubSpot rejects nothing for us: a request older than this is a replay (HubSpot's documented window). */
export const signatureMaxAgeMilliseconds = 5 * 60_000;

// HubSpot decodes exactly these escapes in the request URI before signing (request validation, v3).
const decodedEscapes: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  if (!uri.includes('%')) return uri;
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (escape) => decodedEscapes[escape.toUpperCase()] ?? escape,
  );
}

/** base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)). */
export function signatureV3(
  clientSecret: string | KeyObject,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

function sameSignature(expected: string, given: string): boolean {
  const left = Buffer.from(expected, 'utf8');
  const right = Buffer.from(given, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface SignatureCheckOptions {
  readonly clientSecret: string;
  /** The service's public base URL (app.json `service.publicUrl`), which HubSpot signs; else taken from the request. */
  readonly publicUrl?: string;
  readonly now?: () => number;
}

/** The options in the form a check uses on every request: the secret as a key object, the base URL without its trailing slash. */
interface PreparedCheck {
  readonly key: KeyObject;
  readonly base: string | undefined;
  readonly now: () => number;
}

function prepareCheck({ clientSecret, publicUrl, now = Date.now }: SignatureCheckOptions): PreparedCheck {
  return {
    key: createSecretKey(Buffer.from(clientSecret, 'utf8')),
    base: publicUrl ? publicUrl.replace(/\/$/, '') : undefined,
    now,
  };
}

function problemOf(request: Request, { key, base, now }: PreparedCheck, body: string): string | undefined {
  const signature = request.get('x-hubspot-signature-v3');
  const timestamp = request.get('x-hubspot-request-timestamp');
  if (!signature || !timestamp) return 'Missing HubSpot signature';
  if (!/^[0-9]{1,16}$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > signatureMaxAgeMilliseconds) {
    return 'Stale or malformed HubSpot request timestamp';
  }
  const uri = `${base ?? `${request.protocol}://${request.get('host') ?? ''}`}${request.originalUrl}`;
  // HubSpot signs the decoded URI; the URI as sent is accepted too (a caller that signs without decoding).
  const decoded = decodeSignedUri(uri);
  const holds = (candidate: string) =>
    sameSignature(signatureV3(key, request.method, candidate, body, timestamp), signature);
  return holds(decoded) || (decoded !== uri && holds(uri)) ? undefined : 'Invalid HubSpot signature';
}

/**
 * Why a request's X-HubSpot-Signature-v3 does not hold (missing, stale or wrong), or undefined when it holds.
 * `body` is the raw body exactly as received; the URI is the public base URL plus the request's path and query.
 */
export function signatureV3Problem(request: Request, options: SignatureCheckOptions, body: string): string | undefined {
  return problemOf(request, prepareCheck(options), body);
}

/** The fields HubSpot appends to every hubspot.fetch URL; they are covered by the signature. */
export const signedQuerySchema = z.object({
  portalId: z.coerce.number().int().positive(),
  userId: z
    .string()
    .regex(/^[0-9]+$/)
    .optional(),
  userEmail: z.string().max(320).optional(),
  appId: z.string().optional(),
});

export interface VerifiedHubSpotRequest {
  readonly portalId: number;
  readonly userId: string | null;
  readonly userEmail: string | null;
}

const verifiedRequests = new WeakMap<Request, VerifiedHubSpotRequest>();
const rawBodies = new WeakMap<Request, string>();

/** For `express.json({ verify })`: keeps the exact bytes HubSpot signed. */
export function keepRawBody(request: Request, _response: unknown, buffer: Buffer): void {
  rawBodies.set(request, buffer.toString('utf8'));
}

export function isVerifiedHubSpotRequest(request: Request): boolean {
  return verifiedRequests.has(request);
}

export function verifiedHubSpotRequest(request: Request): VerifiedHubSpotRequest {
  const verified = verifiedRequests.get(request);
  if (!verified) throw new ServiceError('unauthorized', 'Request was not verified');
  return verified;
}

function unauthorized(message: string): ServiceError {
  return new ServiceError('unauthorized', message);
}

/** 401 unless the request carries a valid, fresh X-HubSpot-Signature-v3; the portal comes from the signed URL. */
export function verifyHubSpotSignature(options: SignatureCheckOptions): RequestHandler {
  const check = prepareCheck(options);
  return (request, _response, next) => {
    const problem = problemOf(request, check, rawBodies.get(request) ?? '');
    if (problem) {
      next(unauthorized(problem));
      return;
    }
    const query = signedQuerySchema.safeParse(request.query);
    if (!query.success) {
      next(unauthorized('Signed request names no portal'));
      return;
    }
    verifiedRequests.set(request, {
      portalId: query.data.portalId,
      userId: query.data.userId ?? null,
      userEmail: query.data.userEmail || null,
    });
    next();
  };
}
