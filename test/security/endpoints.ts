import { cardActionPaths } from '../../extensions/app/cards/shared/card-payload';
import { companyCardPath } from '../../src/http/routes/card-routes';
import {
  managerPreviewApiPath,
  managerPreviewPath,
  managerPlaybooksPreviewApiPath,
  managerRenewalsPreviewApiPath,
} from '../../src/http/routes/manager-preview-routes';
import {
  managerApiPath,
  managerHomePath,
  managerPlaybooksApiPath,
  managerPlaybooksHomePath,
  managerRenewalsApiPath,
  managerRenewalsHomePath,
} from '../../src/http/routes/manager-routes';
import { previewApiPath } from '../../src/http/routes/preview-routes';
import { settingsApiPath } from '../../src/http/routes/settings-routes';
import { settingsKinds } from '../../src/domain/settings/settings-kind';
import { webhookPath } from '../../src/http/routes/webhook-routes';
import { managerAssetPaths } from '../../src/preview/pages/manager-page';

/**
 * Every public endpoint, for the fuzz and the portal-isolation tests. The fuzz test fails when the app
 * mounts a route that is not listed here: add it, with the fields that make a request valid.
 */
export type CallerKind =
  /** No credential: the portal comes from HUBSPOT_PORTAL_ID (the app's `portalId`). */
  | 'configured-portal'
  | 'ingestion-bearer'
  /** Segment's HTTP API: the ingestion key as Basic user name. */
  | 'ingestion-basic'
  /** hubspot.fetch: X-HubSpot-Signature-v3 over the URL (with HubSpot's portalId, userId, userEmail) and body. */
  | 'hubspot-signed'
  /** Unauthenticated and portal-free (probes, static assets). */
  | 'public';

/** What a valid request of portal A needs: one of its companies, a milestone, a suggestion. */
export interface RequestIds {
  readonly companyId: string;
  readonly milestoneKey: string;
  readonly suggestionId: string;
  readonly now: string;
}

/** What a required field holds, so the fuzz knows which values are wrong for it. */
export type FieldKind = 'text' | 'number' | 'text-or-number' | 'list';

export interface EndpointSpec {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** The route as mounted (Express syntax). */
  readonly path: string;
  readonly caller: CallerKind;
  readonly body: 'none' | 'json' | 'csv';
  /** The query parameters the route reads. */
  readonly query: readonly string[];
  /** Path parameters that name a company (portal B's ids are sent in isolation tests). */
  readonly companyParams?: readonly string[];
  /** A valid body for portal A; the fuzz breaks one required field at a time. */
  readonly validBody?: (ids: RequestIds) => object;
  /** The valid body names no record of a portal (a playbook definition to preview): sent by A, it reads A's data. */
  readonly bodyNamesNoRecord?: boolean;
  /** Each signed event names its portal (HubSpot's webhooks): portal isolation does not apply to the caller. */
  readonly portalFromBody?: boolean;
  /** The body is read whatever its content type (HubSpot's webhooks): a wrong content type is no error. */
  readonly anyContentType?: boolean;
  /** Fields (dotted paths) without which, or with a value of the wrong kind, the body is invalid. */
  readonly requiredFields?: Readonly<Record<string, FieldKind>>;
  /** Bad rows are reported in a 200 answer (CSV imports) rather than rejected with a 4xx; nothing is stored all the same. */
  readonly reportsBadRows?: boolean;
  /** A request stores something whatever it carries (the fuzz skips the no-write check). */
  readonly writesByDesign?: boolean;
  /** The table where invalid parts of a request are recorded with their reason (the only write the fuzz allows). */
  readonly rejectsInto?: string;
  /** A GET that must answer 4xx to anything the fuzz can send (no valid request exists without HubSpot). */
  readonly alwaysRejects?: boolean;
  /** The valid query (beyond what the caller adds); e.g. the card's companyId. */
  readonly validQuery?: (ids: RequestIds) => Record<string, string>;
}

const readQuery = ['portalId', 'asOf', 'historyDays'];
const managerQuery = ['from', 'to', 'cut'];
const cardRead = (path: string): EndpointSpec => ({
  method: 'GET',
  path,
  caller: 'hubspot-signed',
  body: 'none',
  query: ['companyId'],
  validQuery: (ids) => ({ companyId: ids.companyId }),
});
const cardActions = (base: string, caller: CallerKind): EndpointSpec[] => [
  {
    method: 'POST',
    path: `${base}${cardActionPaths.setStage}`,
    caller,
    body: 'json',
    query: [],
    validBody: (ids) => ({ companyId: ids.companyId, stage: 'adoption' }),
    requiredFields: { companyId: 'text', stage: 'text' },
  },
  {
    method: 'POST',
    path: `${base}${cardActionPaths.completeMilestone}`,
    caller,
    body: 'json',
    query: [],
    validBody: (ids) => ({ companyId: ids.companyId, milestoneKey: ids.milestoneKey }),
    requiredFields: { companyId: 'text', milestoneKey: 'text' },
  },
  {
    method: 'POST',
    path: `${base}${cardActionPaths.createSuggestedDeal}`,
    caller,
    body: 'json',
    query: [],
    validBody: (ids) => ({ companyId: ids.companyId, suggestionId: ids.suggestionId }),
    requiredFields: { companyId: 'text', suggestionId: 'text' },
  },
  {
    method: 'POST',
    path: `${base}${cardActionPaths.dismissSuggestion}`,
    caller,
    body: 'json',
    query: [],
    validBody: (ids) => ({ companyId: ids.companyId, suggestionId: ids.suggestionId, reason: 'not now' }),
    requiredFields: { companyId: 'text', suggestionId: 'text', reason: 'text' },
  },
];
// Every setting has a default, so `{}` is a valid PUT (it resets the kind): no field is required, and no valid body is
// listed, since a valid PUT of portal A's settings changes them by design.
const settingsEndpoints = settingsKinds.flatMap((kind): EndpointSpec[] => [
  {
    method: 'GET',
    path: `${settingsApiPath}/${kind}`,
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'history'],
  },
  { method: 'PUT', path: `${settingsApiPath}/${kind}`, caller: 'configured-portal', body: 'json', query: ['portalId'] },
]);
const usageEvent = (ids: RequestIds) => ({
  messageId: 'fuzz-message-1',
  companyId: ids.companyId,
  userId: 'fuzz-user',
  event: 'report.viewed',
  timestamp: ids.now,
});
const segmentMessage = (ids: RequestIds) => ({
  messageId: 'fuzz-segment-1',
  userId: 'fuzz-user',
  event: 'report.viewed',
  timestamp: ids.now,
  context: { groupId: ids.companyId },
});

export const endpoints: readonly EndpointSpec[] = [
  { method: 'GET', path: '/healthz', caller: 'public', body: 'none', query: [] },
  { method: 'GET', path: '/readyz', caller: 'public', body: 'none', query: [] },
  { method: 'GET', path: '/api/v1/openapi.json', caller: 'public', body: 'none', query: [] },
  {
    method: 'GET',
    path: '/api/v1/companies',
    caller: 'configured-portal',
    body: 'none',
    query: ['limit', 'after', 'ownerId', 'q', 'portalId', 'asOf'],
  },
  {
    method: 'GET',
    path: '/api/v1/kpis',
    caller: 'configured-portal',
    body: 'none',
    query: ['from', 'to', 'period', 'cut', 'portalId'],
    validQuery: () => ({ from: '2025-01', to: '2025-12' }),
  },
  {
    method: 'GET',
    path: '/api/v1/cohorts',
    caller: 'configured-portal',
    body: 'none',
    query: ['from', 'to', 'cut', 'portalId'],
    validQuery: () => ({ from: '2025-01', to: '2025-12' }),
  },
  {
    method: 'GET',
    path: '/api/v1/manager/export',
    caller: 'configured-portal',
    body: 'none',
    query: ['table', 'from', 'to', 'cut', 'portalId'],
    validQuery: () => ({ table: 'months' }),
  },
  ...settingsEndpoints,
  {
    method: 'GET',
    path: '/api/v1/companies/:id/health',
    caller: 'configured-portal',
    body: 'none',
    query: readQuery,
    companyParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/companies/:id/suggestions',
    caller: 'configured-portal',
    body: 'none',
    query: readQuery,
    companyParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/companies/:id/success',
    caller: 'configured-portal',
    body: 'none',
    query: readQuery,
    companyParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/alerts',
    caller: 'configured-portal',
    body: 'none',
    query: [...readQuery, 'csmId', 'ownerId'],
  },
  {
    method: 'GET',
    path: '/api/v1/digests/preview',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'sentOn'],
  },
  {
    method: 'GET',
    path: '/api/v1/renewals',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'asOf', 'within'],
  },
  {
    method: 'GET',
    path: '/api/v1/companies/:id/risk',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'asOf'],
    companyParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/risk/backtest',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'asOf'],
  },
  { method: 'GET', path: '/api/v1/playbooks', caller: 'configured-portal', body: 'none', query: ['portalId'] },
  // No valid body is listed: a valid POST or PUT stores a playbook by design.
  { method: 'POST', path: '/api/v1/playbooks', caller: 'configured-portal', body: 'json', query: ['portalId'] },
  { method: 'PUT', path: '/api/v1/playbooks/:id', caller: 'configured-portal', body: 'json', query: ['portalId'] },
  // A preview stores nothing, so a valid body is listed.
  {
    method: 'POST',
    path: '/api/v1/playbooks/preview',
    caller: 'configured-portal',
    body: 'json',
    query: ['portalId'],
    validBody: () => ({
      name: 'Red companies',
      trigger: { kind: 'entered_red' },
      steps: [{ kind: 'task', subject: 'Call {{company}}', body: '{{evidence}}' }],
    }),
    requiredFields: { name: 'text', 'trigger.kind': 'text', steps: 'list' },
    bodyNamesNoRecord: true,
  },
  {
    method: 'GET',
    path: '/api/v1/playbooks/:id/preview',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId'],
  },
  {
    method: 'GET',
    path: '/api/v1/playbooks/:id/runs',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'limit'],
  },
  {
    method: 'GET',
    path: '/api/v1/playbooks/:id/outcomes',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'asOf'],
  },
  {
    method: 'GET',
    path: '/api/v1/forecast',
    caller: 'configured-portal',
    body: 'none',
    query: ['portalId', 'asOf', 'quarter'],
    validQuery: () => ({ quarter: '2026-Q2' }),
  },
  {
    method: 'POST',
    path: '/api/v1/companies/:id/stage',
    caller: 'configured-portal',
    body: 'json',
    query: ['portalId'],
    companyParams: ['id'],
    validBody: () => ({ stage: 'adoption' }),
    requiredFields: { stage: 'text' },
  },
  {
    method: 'POST',
    path: '/api/v1/companies/:id/milestones/:key/complete',
    caller: 'configured-portal',
    body: 'json',
    query: ['portalId'],
    companyParams: ['id'],
    validBody: () => ({}),
  },
  {
    method: 'POST',
    path: '/api/v1/companies/:id/suggestions/:suggestionId/dismiss',
    caller: 'configured-portal',
    body: 'json',
    query: ['portalId'],
    companyParams: ['id'],
    validBody: () => ({ reason: 'not now' }),
    requiredFields: { reason: 'text' },
  },
  {
    method: 'POST',
    path: '/api/v1/usage/batch',
    caller: 'ingestion-bearer',
    body: 'json',
    query: ['partial'],
    validBody: (ids) => ({ events: [usageEvent(ids)] }),
    requiredFields: {
      events: 'list',
      'events.0.messageId': 'text',
      'events.0.userId': 'text-or-number',
      'events.0.event': 'text',
      'events.0.timestamp': 'text-or-number',
    },
  },
  {
    method: 'GET',
    path: '/api/v1/usage/unmatched',
    caller: 'configured-portal',
    body: 'none',
    query: ['limit', 'after', 'portalId'],
  },
  {
    method: 'POST',
    path: '/api/v1/usage/csv',
    caller: 'ingestion-bearer',
    body: 'csv',
    query: ['map'],
    reportsBadRows: true,
  },
  {
    method: 'POST',
    path: '/api/v1/surveys',
    caller: 'ingestion-bearer',
    body: 'json',
    query: ['partial'],
    validBody: (ids) => ({
      responses: [{ id: 'fuzz-survey-1', companyId: ids.companyId, kind: 'nps', score: 9, submittedAt: ids.now }],
    }),
    requiredFields: {
      responses: 'list',
      'responses.0.id': 'text',
      'responses.0.kind': 'text',
      'responses.0.score': 'number',
      'responses.0.submittedAt': 'text-or-number',
    },
  },
  {
    method: 'POST',
    path: '/v1/track',
    caller: 'ingestion-basic',
    body: 'json',
    query: [],
    validBody: segmentMessage,
    requiredFields: { event: 'text', userId: 'text-or-number' },
  },
  {
    method: 'POST',
    path: '/v1/identify',
    caller: 'ingestion-basic',
    body: 'json',
    query: [],
    validBody: (ids) => ({ ...segmentMessage(ids), event: undefined }),
    requiredFields: { userId: 'text-or-number' },
  },
  {
    method: 'POST',
    path: '/v1/group',
    caller: 'ingestion-basic',
    body: 'json',
    query: [],
    validBody: (ids) => ({ ...segmentMessage(ids), groupId: ids.companyId }),
    requiredFields: { groupId: 'text-or-number', userId: 'text-or-number' },
  },
  // Each call is checked alone: a bad one is listed in the 200 answer (Segment retries only 5xx and 429) and stores nothing.
  {
    method: 'POST',
    path: '/v1/batch',
    caller: 'ingestion-basic',
    body: 'json',
    query: [],
    reportsBadRows: true,
    validBody: (ids) => ({ batch: [{ type: 'track', ...segmentMessage(ids) }] }),
    requiredFields: { batch: 'list' },
  },
  cardRead(companyCardPath),
  ...cardActions(companyCardPath, 'hubspot-signed'),
  { method: 'GET', path: '/', caller: 'configured-portal', body: 'none', query: ['q', 'page'] },
  { method: 'GET', path: '/preview/digests', caller: 'configured-portal', body: 'none', query: ['sentOn'] },
  { method: 'GET', path: '/preview/assets/preview.css', caller: 'public', body: 'none', query: [] },
  { method: 'GET', path: '/preview/assets/card.js', caller: 'public', body: 'none', query: ['v'] },
  {
    method: 'GET',
    path: '/preview/companies/:companyId',
    caller: 'configured-portal',
    body: 'none',
    query: [],
    companyParams: ['companyId'],
  },
  { ...cardRead(previewApiPath), caller: 'configured-portal' },
  ...cardActions(previewApiPath, 'configured-portal'),
  {
    method: 'GET',
    path: managerApiPath,
    caller: 'configured-portal',
    body: 'none',
    query: [...managerQuery, 'portalId'],
  },
  { method: 'GET', path: managerHomePath, caller: 'hubspot-signed', body: 'none', query: managerQuery },
  {
    method: 'GET',
    path: managerRenewalsApiPath,
    caller: 'configured-portal',
    body: 'none',
    query: ['within', 'csm', 'portalId'],
  },
  { method: 'GET', path: managerRenewalsHomePath, caller: 'hubspot-signed', body: 'none', query: ['within', 'csm'] },
  {
    method: 'GET',
    path: managerRenewalsPreviewApiPath,
    caller: 'configured-portal',
    body: 'none',
    query: ['within', 'csm'],
  },
  { method: 'GET', path: managerPlaybooksApiPath, caller: 'configured-portal', body: 'none', query: ['portalId'] },
  { method: 'GET', path: managerPlaybooksHomePath, caller: 'hubspot-signed', body: 'none', query: [] },
  { method: 'GET', path: managerPlaybooksPreviewApiPath, caller: 'configured-portal', body: 'none', query: [] },
  { method: 'GET', path: managerPreviewPath, caller: 'configured-portal', body: 'none', query: [] },
  // The app pages' routes below /manager (deep links such as /manager/portfolio/tier): the same page for any of them.
  { method: 'GET', path: `${managerPreviewPath}/*path`, caller: 'configured-portal', body: 'none', query: [] },
  { method: 'GET', path: managerPreviewApiPath, caller: 'configured-portal', body: 'none', query: managerQuery },
  { method: 'GET', path: managerAssetPaths.styles, caller: 'public', body: 'none', query: [] },
  { method: 'GET', path: managerAssetPaths.script, caller: 'public', body: 'none', query: ['v'] },
  {
    method: 'POST',
    path: webhookPath,
    caller: 'hubspot-signed',
    body: 'json',
    query: [],
    anyContentType: true,
    portalFromBody: true,
    // Each event is validated alone: a bad one is recorded and the request answered 200 (HubSpot retries any 4xx).
    reportsBadRows: true,
    rejectsInto: 'webhook_rejected_events',
    validBody: (ids) => [
      {
        eventId: 1,
        subscriptionId: 2,
        portalId: 1,
        appId: 3,
        occurredAt: Date.parse(ids.now),
        subscriptionType: 'company.propertyChange',
        objectId: ids.companyId,
        propertyName: 'name',
        propertyValue: 'x',
      },
    ],
    requiredFields: {
      '0.eventId': 'text-or-number',
      '0.portalId': 'number',
      '0.subscriptionType': 'text',
      '0.occurredAt': 'number',
    },
  },
  // Starting an install stores a one-time state by design; it takes no input.
  { method: 'GET', path: '/oauth/install', caller: 'public', body: 'none', query: [], writesByDesign: true },
  {
    method: 'GET',
    path: '/oauth/callback',
    caller: 'public',
    body: 'none',
    query: ['code', 'state', 'error'],
    validQuery: () => ({ code: 'not-a-code', state: 'not-a-state' }),
    alwaysRejects: true,
  },
];

export function endpointKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
