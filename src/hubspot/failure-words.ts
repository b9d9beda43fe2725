import { z } from 'zod';
import { statusOf } from './client';

// What a failed HubSpot call means for the person running the service, in words: a network failure (no answer at
// all) or HubSpot refusing the credentials. Anything else is left to the caller (undefined).

const systemErrorSchema = z.object({ code: z.string(), message: z.string().optional() });
const networkErrorSchema = z.union([
  // node-fetch (the official client's transport): "request to <url> failed, reason: <why>", with the system code.
  systemErrorSchema.extend({ message: z.string() }),
  // The platform's fetch: "fetch failed", the system error as its cause.
  z.object({ message: z.string(), cause: systemErrorSchema }),
]);
const answerBodySchema = z.object({ body: z.unknown() });
const hubSpotMessageSchema = z.object({
  message: z.string(),
  // A MISSING_SCOPES answer names the scopes the call needs.
  errors: z
    .array(
      z.object({
        context: z
          .object({ requiredGranularScopes: z.array(z.string()), requiredScopes: z.array(z.string()) })
          .partial()
          .optional(),
      }),
    )
    .optional(),
});

const causes: Record<string, (host: string) => string> = {
  ENOTFOUND: (host) => `the host name ${host} does not resolve (DNS)`,
  EAI_AGAIN: (host) => `the host name ${host} could not be resolved right now (DNS)`,
  ECONNREFUSED: () => 'nothing accepts connections at that address',
  ECONNRESET: () => 'the connection was reset',
  ETIMEDOUT: () => 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: () => 'the connection timed out',
  EHOSTUNREACH: () => 'the host cannot be reached from this machine',
  ENETUNREACH: () => 'this machine has no route to that network',
};
const untrustedCertificate = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
]);

/** A call that got no HTTP answer, keeping only what is safe to show: the operation, where, and the system's code. */
export class HubSpotUnreachableError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string | undefined,
    readonly origin: string | undefined,
  ) {
    super(`HubSpot could not be reached for ${operation}${code === undefined ? '' : ` (${code})`}`);
    this.name = 'HubSpotUnreachableError';
  }
}

/** The scheme, host and port of the URL a transport error names ("request to <url> failed"), nothing more. */
export function requestOrigin(message: string): string | undefined {
  const url = /request to (\S+) failed/.exec(message)?.[1];
  return url !== undefined && URL.canParse(url) ? new URL(url).origin : undefined;
}

/** The system code and the address of a call that got no HTTP answer; undefined for any other failure. */
function noAnswer(error: unknown): { code: string | undefined; origin: string | undefined } | undefined {
  if (error instanceof HubSpotUnreachableError) return { code: error.code, origin: error.origin };
  if (statusOf(error) !== undefined) return undefined;
  const parsed = networkErrorSchema.safeParse(error);
  if (!parsed.success) return undefined;
  const code = 'cause' in parsed.data ? parsed.data.cause.code : parsed.data.code;
  return { code, origin: requestOrigin(parsed.data.message) };
}

/** HubSpot out of reach (no HTTP answer at all) in words, else undefined. */
export function unreachableHubSpotInWords(error: unknown): string | undefined {
  const failure = noAnswer(error);
  if (failure === undefined) return undefined;
  const { code, origin } = failure;
  const host = origin === undefined ? 'HubSpot' : new URL(origin).hostname;
  const cause =
    code === undefined
      ? 'the request got no answer'
      : untrustedCertificate.has(code)
        ? `its TLS certificate is not trusted here (${code}); behind a proxy that inspects TLS, give Node its certificate authority with NODE_EXTRA_CA_CERTS`
        : (causes[code]?.(host) ?? `the request failed (${code})`);
  const where = origin === undefined ? 'HubSpot' : `HubSpot at ${origin}`;
  return `Could not reach ${where}: ${cause}. Check this machine's network, proxy and firewall (and HUBSPOT_BASE_URL if it is set).`;
}

function hubSpotMessage(error: unknown): string {
  const answer = answerBodySchema.safeParse(error);
  if (!answer.success) return '';
  let body = answer.data.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return '';
    }
  }
  const parsed = hubSpotMessageSchema.safeParse(body);
  if (!parsed.success) return '';
  const scopes = [
    ...new Set(
      (parsed.data.errors ?? []).flatMap((entry) => [
        ...(entry.context?.requiredGranularScopes ?? []),
        ...(entry.context?.requiredScopes ?? []),
      ]),
    ),
  ];
  const needed = scopes.length > 0 ? ` The call needs one of: ${scopes.join(', ')}.` : '';
  return ` HubSpot says: "${parsed.data.message.slice(0, 300)}"${needed}`;
}

/** A HubSpot failure in words, or undefined when it is neither a network failure nor a refusal of the credentials. */
export function hubSpotFailureInWords(error: unknown): string | undefined {
  const network = unreachableHubSpotInWords(error);
  if (network !== undefined) return network;
  switch (statusOf(error)) {
    case 401:
      return `HubSpot refused the access token (401).${hubSpotMessage(error)} Check HUBSPOT_ACCESS_TOKEN: it must be the current access token of a private app of this portal (a rotated or deleted token stops working); a portal installed through OAuth needs the app installed again.`;
    case 403:
      return `HubSpot refused the call (403): the token lacks a scope it needs.${hubSpotMessage(error)} Add the missing scopes to the app in HubSpot ("auth.requiredScopes" in app.json lists the ones the service needs, "auth.optionalScopes" those it can do without), then install it again so the portal grants them.`;
    default:
      return undefined;
  }
}

/** Whether no later call can succeed either: HubSpot cannot be reached, or it refuses the token itself. */
export function isHubSpotOutOfReach(error: unknown): boolean {
  return unreachableHubSpotInWords(error) !== undefined || statusOf(error) === 401;
}
