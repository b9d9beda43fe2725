import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { Logger } from '../../src/config/logger';
import { encryptionKey, TokenCipher } from '../../src/config/secrets/token-cipher';
import type { Database } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { featureModules } from '../../src/http/feature-modules';
import type { ApiAuthMode } from '../../src/http/middleware/api-auth';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { createOAuthApi } from '../../src/hubspot/oauth/oauth-api';
import type { JobData, JobName, JobQueue } from '../../src/jobs/job-queue';
import { createInstallService } from '../../src/services/install/install-service';
import type { OAuthSettings } from '../../src/services/install/oauth-settings';
import type { CallerKind, EndpointSpec } from './endpoints';
import type { TwoPortals } from './two-portals';

export const clientSecret = 'security-test-client-secret';
export const publicUrl = 'https://cs.example.com';

/** Jobs the app queued; a rejected request queues none. */
export class RecordingJobQueue implements JobQueue {
  readonly sent: string[] = [];
  send<Name extends JobName>(name: Name, _data: JobData<Name>): Promise<void> {
    this.sent.push(name);
    return Promise.resolve();
  }
}

// OAuth's HubSpot side is unreachable on purpose: no malformed callback may get as far as a token exchange.
const unreachableHubSpot = 'http://127.0.0.1:9';

function installService(db: Database) {
  const cipher = new TokenCipher(encryptionKey(randomBytes(32)));
  const app = { clientId: 'security-client-id', clientSecret: 'security-client-secret' };
  const settings: OAuthSettings = {
    ...app,
    authorizeBaseUrl: `${unreachableHubSpot}/oauth/authorize`,
    redirectUri: `${publicUrl}/oauth/callback`,
    scopes: ['oauth'],
    optionalScopes: [],
    apiBaseUrl: unreachableHubSpot,
    cipher,
  };
  const oauthApi = createOAuthApi({ ...app, baseUrl: unreachableHubSpot, retry: { retries: 0 } });
  return createInstallService({ db, settings, oauthApi, requestsPer10Seconds: 100 });
}

export interface SecurityAppOptions {
  /** Default 'open', pinned to portal A (HUBSPOT_PORTAL_ID); 'keys' serves whichever portal the api key names. */
  readonly apiAuth?: ApiAuthMode;
}

/** The service as `npm start` builds it (every feature module), serving portal A; rate limits off. */
export function securityTestApp(
  db: Database,
  portals: TwoPortals,
  logger: Logger,
  jobs = new RecordingJobQueue(),
  options: SecurityAppOptions = {},
): Express {
  const modules = featureModules({
    hubspotConnection: portals.a.connection,
    clientSecret,
    publicUrl,
    preview: true,
    jobs,
    oauth: { install: installService(db), secureCookies: true },
  });
  const apiAuth = options.apiAuth ?? 'open';
  // With keys, several portals and no HUBSPOT_PORTAL_ID: the case where only the key keeps portals apart.
  const portalId = apiAuth === 'keys' ? undefined : portals.a.id;
  return createApp({
    db,
    logger,
    portalId,
    modules,
    apiAuth,
    rateLimits: { windowSeconds: 60, perIp: 0, perIngestionKey: 0 },
  });
}

export interface Credentials {
  readonly ingestionKey: string;
  /** Sent as `Authorization: Bearer` on the /api/v1 data endpoints (apiAuth 'keys'). */
  readonly apiKey?: string;
  readonly portalId: number;
  /** false: no signature headers at all; 'wrong': a signature by another secret. */
  readonly signature: 'valid' | 'missing' | 'wrong';
}

export interface OutgoingRequest {
  readonly spec: EndpointSpec;
  /** The path with its parameters filled in (already encoded). */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body?: { readonly text: string; readonly contentType: string };
}

function withCaller(
  caller: CallerKind,
  credentials: Credentials,
  query: Record<string, string>,
): Record<string, string> {
  if (caller !== 'hubspot-signed') return query;
  return { ...query, userId: '77', userEmail: 'csm@example.com', appId: '5', portalId: String(credentials.portalId) };
}

/** Sends one request as the given caller: key headers, or HubSpot's signature over exactly what is sent. */
export function send(app: Express, outgoing: OutgoingRequest, credentials: Credentials): request.Test {
  const { spec } = outgoing;
  const query = new URLSearchParams(withCaller(spec.caller, credentials, outgoing.query)).toString();
  const url = query ? `${outgoing.path}?${query}` : outgoing.path;
  const agent = request(app);
  let test = spec.method === 'GET' ? agent.get(url) : spec.method === 'PUT' ? agent.put(url) : agent.post(url);
  if (spec.caller === 'configured-portal' && credentials.apiKey !== undefined)
    test = test.set('Authorization', `Bearer ${credentials.apiKey}`);
  if (spec.caller === 'ingestion-bearer') test = test.set('Authorization', `Bearer ${credentials.ingestionKey}`);
  if (spec.caller === 'ingestion-basic')
    test = test.set('Authorization', `Basic ${Buffer.from(`${credentials.ingestionKey}:`).toString('base64')}`);
  const bodyText = outgoing.body?.text ?? '';
  if (spec.caller === 'hubspot-signed' && credentials.signature !== 'missing') {
    const timestamp = String(Date.now());
    const secret = credentials.signature === 'valid' ? clientSecret : 'not-the-secret';
    test = test
      .set('X-HubSpot-Signature-v3', signatureV3(secret, spec.method, `${publicUrl}${url}`, bodyText, timestamp))
      .set('X-HubSpot-Request-Timestamp', timestamp);
  }
  if (outgoing.body) test = test.set('Content-Type', outgoing.body.contentType).send(outgoing.body.text);
  return test;
}

/** Fills `:name` parameters; each value is percent-encoded unless `raw`. */
export function fillPath(path: string, values: Record<string, string>, raw = false): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = values[name] ?? 'x';
    return raw ? value : encodeURIComponent(value);
  });
}
