import { z } from 'zod';
import {
  cardActionPaths,
  companyHealthCardPayloadSchema,
  completeMilestoneRequestSchema,
  createSuggestedDealRequestSchema,
  dismissSuggestionRequestSchema,
  setStageRequestSchema,
} from '../../../extensions/app/cards/shared/card-payload';
import { managerPortfolioPayloadSchema } from '../../../extensions/app/pages/shared/manager-payload';
import {
  renewalsPayloadSchema,
  renewalsQuerySchema as renewalsPageQuerySchema,
} from '../../../extensions/app/pages/shared/renewals-payload';
import { playbooksPayloadSchema } from '../../../extensions/app/pages/shared/playbooks-payload';
import { settingsKinds } from '../../domain/settings/settings-kind';
import { settingsSchemas } from '../../domain/settings/settings-schemas';
import { defaultIngestionSettings } from '../../domain/usage/ingestion-settings';
import {
  segmentBatchSchema,
  segmentGroupSchema,
  segmentIdentifySchema,
  segmentTrackSchema,
} from '../../domain/usage/segment-messages';
import { surveyAnswerSchema, surveyBatchLimit } from '../../domain/usage/survey-input';
import { usageEventInputSchema } from '../../domain/usage/usage-event';
import { managerPortfolioQuerySchema } from '../../services/manager/manager-portfolio-service';
import {
  completeMilestoneBodySchema,
  dismissSuggestionBodySchema,
  setManualStageBodySchema,
} from '../../services/customer-success/company-success-schema';
import { webhookBatchLimit, webhookEventSchema } from '../../services/webhooks/webhook-event-schema';
import { cardQuerySchema, companyCardPath } from '../routes/card-routes';
import { listQuerySchema } from '../routes/companies-routes';
import { alertsQuerySchema, readQuerySchema, writeQuerySchema } from '../routes/customer-success-routes';
import { cohortApiPath, cohortQuerySchema } from '../routes/cohort-routes';
import { managerExportPath, managerExportQuerySchema } from '../routes/manager-export-routes';
import { kpiQuerySchema } from '../routes/kpi-routes';
import {
  managerApiPath,
  managerHomePath,
  managerPlaybooksApiPath,
  managerPlaybooksHomePath,
  managerRenewalsApiPath,
  managerRenewalsHomePath,
  portalQuerySchema,
} from '../routes/manager-routes';
import { callbackQuerySchema } from '../routes/oauth-routes';
import { batchQuerySchema, csvQuerySchema, unmatchedQuerySchema } from '../routes/usage-routes';
import { forecastQuerySchema, renewalsQuerySchema, riskReadQuerySchema } from '../routes/risk-routes';
import { settingsApiPath, settingsReadQuerySchema, settingsWriteQuerySchema } from '../routes/settings-routes';
import {
  playbookIdSchema,
  playbookOutcomesQuerySchema,
  playbookPortalQuerySchema,
  playbookRunsQuerySchema,
  playbooksApiPath,
} from '../routes/playbook-routes';
import { playbookDefinitionInputSchema } from '../../domain/playbooks/playbook-schema';
import { webhookPath } from '../routes/webhook-routes';
import { digestPreviewAnswerSchema, digestPreviewApiPath, digestPreviewQuerySchema } from '../routes/digest-routes';
import { openApiPath, type ApiOperation } from './api-operation';

const companyId = z.string().min(1).max(64).describe('The HubSpot company id');
const companyParameters = { id: companyId };
const usageBatchSchema = z.object({
  events: z.array(usageEventInputSchema).min(1).max(defaultIngestionSettings.maxBatchEvents),
});
const surveyBatchSchema = z.object({ responses: z.array(surveyAnswerSchema).min(1).max(surveyBatchLimit) });
// The route reads the array, then each event alone (a bad one is recorded and listed, the others stored).
const webhookDeliverySchema = z.array(webhookEventSchema).max(webhookBatchLimit);
const cardAnswer = { name: 'CompanyCard', schema: companyHealthCardPayloadSchema };
const managerAnswer = { name: 'ManagerPortfolio', schema: managerPortfolioPayloadSchema };
const renewalsAnswer = { name: 'ManagerRenewals', schema: renewalsPayloadSchema };
const playbooksAnswer = { name: 'ManagerPlaybooks', schema: playbooksPayloadSchema };
const segmentAnswer = 'Segment\'s answer: `{ "success": true }`';
const rejectedItems =
  '200: counts stored, duplicate and unmatched; with `partial=true`, 207 when some were rejected (`accepted` indexes, `rejected` with index, field and reason); else a bad item is a 400 naming each';

const cardActions: ApiOperation[] = [
  {
    path: cardActionPaths.setStage,
    schema: setStageRequestSchema,
    summary: 'Set the lifecycle stage by hand from the card',
  },
  {
    path: cardActionPaths.completeMilestone,
    schema: completeMilestoneRequestSchema,
    summary: 'Mark an onboarding milestone done from the card',
  },
  {
    path: cardActionPaths.createSuggestedDeal,
    schema: createSuggestedDealRequestSchema,
    summary: 'Create the suggested deal in HubSpot, once per suggestion',
  },
  {
    path: cardActionPaths.dismissSuggestion,
    schema: dismissSuggestionRequestSchema,
    summary: 'Dismiss a suggestion with a reason',
  },
].map(({ path, schema, summary }): ApiOperation => ({
  method: 'post',
  path: `${companyCardPath}${path}`,
  tag: 'HubSpot card',
  summary,
  security: 'hubspotSignature',
  body: { contentType: 'application/json', schema },
  response: cardAnswer,
  responseDescription: 'The card, after the action',
}));

/** Every operation of the service's own API; the preview's HTML pages and assets are not part of it. */
export const apiOperations: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'Operations',
    summary: 'Liveness',
    security: 'none',
    responseDescription: '`{ "status": "ok" }`',
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'Operations',
    summary: 'Readiness: the database answers',
    security: 'none',
    responseDescription: '`{ "status": "ready" }`',
  },
  {
    method: 'get',
    path: openApiPath,
    tag: 'Operations',
    summary: 'This document',
    security: 'none',
    responseDescription: 'The OpenAPI 3.1 document',
  },
  {
    method: 'get',
    path: '/api/v1/companies',
    tag: 'Companies',
    summary: 'The synced companies, with status and MRR',
    security: 'apiKey',
    query: listQuerySchema,
    responseDescription: 'A page of companies',
  },
  {
    method: 'get',
    path: '/api/v1/kpis',
    tag: 'KPIs',
    summary: 'Lifecycle KPIs per period, optionally cut',
    security: 'apiKey',
    query: kpiQuerySchema,
    responseDescription: 'One report per period (and group)',
  },
  {
    method: 'get',
    path: cohortApiPath,
    tag: 'KPIs',
    summary: 'Logo and revenue retention by start-month cohort, optionally cut',
    security: 'apiKey',
    query: cohortQuerySchema,
    responseDescription:
      'The cohort triangle (per group): size, start MRR and, per month since, customers, logo retention, MRR and revenue retention; the running month marked partial',
  },
  {
    method: 'get',
    path: managerExportPath,
    tag: 'Manager view',
    summary: 'One table of the manager view as CSV',
    security: 'apiKey',
    query: managerExportQuerySchema,
    responseDescription: "A CSV download (RFC 4180, text cells starting with = + - @ tab or CR prefixed with ')",
  },
  ...(['health', 'suggestions', 'success'] as const).map((what): ApiOperation => ({
    method: 'get',
    path: `/api/v1/companies/:id/${what}`,
    tag: 'Customer success',
    summary: {
      health: 'Health score, its components and history',
      suggestions: 'Upsell and cross-sell suggestions with evidence',
      success: 'Onboarding, health and suggestions together',
    }[what],
    security: 'apiKey',
    pathParameters: companyParameters,
    query: readQuerySchema,
    responseDescription: `The company's ${what}`,
  })),
  {
    method: 'get',
    path: '/api/v1/alerts',
    tag: 'Customer success',
    summary: 'Companies with open alerts',
    security: 'apiKey',
    query: alertsQuerySchema,
    responseDescription: 'The alert list',
  },
  {
    method: 'post',
    path: '/api/v1/companies/:id/stage',
    tag: 'Customer success',
    summary: 'Set the lifecycle stage by hand (null: back to the derived stage)',
    security: 'apiKey',
    pathParameters: companyParameters,
    query: writeQuerySchema,
    body: { contentType: 'application/json', schema: setManualStageBodySchema },
    responseDescription: 'The manual override, or null',
  },
  {
    method: 'post',
    path: '/api/v1/companies/:id/milestones/:key/complete',
    tag: 'Customer success',
    summary: 'Mark an onboarding milestone done',
    security: 'apiKey',
    pathParameters: { ...companyParameters, key: z.string().min(1).max(100) },
    query: writeQuerySchema,
    body: { contentType: 'application/json', schema: completeMilestoneBodySchema },
    responseDescription: 'The company, after the change',
  },
  {
    method: 'post',
    path: '/api/v1/companies/:id/suggestions/:suggestionId/dismiss',
    tag: 'Customer success',
    summary: 'Dismiss a suggestion with a reason',
    security: 'apiKey',
    pathParameters: { ...companyParameters, suggestionId: z.string().min(1).max(200) },
    query: writeQuerySchema,
    body: { contentType: 'application/json', schema: dismissSuggestionBodySchema },
    responseDescription: 'The dismissal',
  },
  {
    method: 'get',
    path: '/api/v1/renewals',
    tag: 'Renewals and risk',
    summary: 'Renewals due soon, with their amount, open renewal deal and risk',
    security: 'apiKey',
    query: renewalsQuerySchema,
    responseDescription: 'The renewals, ranked by the model or the health score (`method`, `reason`)',
  },
  {
    method: 'get',
    path: '/api/v1/companies/:id/risk',
    tag: 'Renewals and risk',
    summary: 'Churn probability at the next renewal with its top drivers',
    security: 'apiKey',
    pathParameters: companyParameters,
    query: riskReadQuerySchema,
    responseDescription: 'The risk and its drivers, or the health score and why',
  },
  {
    method: 'get',
    path: '/api/v1/risk/backtest',
    tag: 'Renewals and risk',
    summary: "The portal's backtest: AUC, top-decile lift, Brier score, calibration, next to the health score's",
    security: 'apiKey',
    query: riskReadQuerySchema,
    responseDescription: 'The backtest figures',
  },
  {
    method: 'get',
    path: '/api/v1/forecast',
    tag: 'Renewals and risk',
    summary: "A quarter's renewals forecast with its interval, and the actual once known",
    security: 'apiKey',
    query: forecastQuerySchema,
    responseDescription: 'The forecast',
  },
  {
    method: 'get',
    path: playbooksApiPath,
    tag: 'Playbooks',
    summary: "The portal's playbooks: trigger, audience, steps, holdout share",
    security: 'apiKey',
    query: playbookPortalQuerySchema,
    responseDescription: 'The playbooks, with who changed each last',
  },
  {
    method: 'post',
    path: playbooksApiPath,
    tag: 'Playbooks',
    summary:
      "Add a playbook; its property steps are checked against the portal's company properties (400 naming the step HubSpot would refuse, 502 when HubSpot cannot list them)",
    security: 'apiKey',
    query: playbookPortalQuerySchema,
    body: { contentType: 'application/json', schema: playbookDefinitionInputSchema },
    responseDescription: 'The stored playbook (201)',
  },
  {
    method: 'post',
    path: `${playbooksApiPath}/preview`,
    tag: 'Playbooks',
    summary:
      'What a playbook definition would open today, stored nowhere: companies entering, held out, steps by kind, a sample',
    security: 'apiKey',
    query: playbookPortalQuerySchema,
    body: { contentType: 'application/json', schema: playbookDefinitionInputSchema },
    responseDescription: 'The preview (the held-out count is an estimate until the playbook is stored)',
  },
  {
    method: 'put',
    path: `${playbooksApiPath}/:id`,
    tag: 'Playbooks',
    summary:
      'Replace a playbook (its open runs follow the new definition); property steps are checked as when it is added',
    security: 'apiKey',
    pathParameters: { id: playbookIdSchema },
    query: playbookPortalQuerySchema,
    body: { contentType: 'application/json', schema: playbookDefinitionInputSchema },
    responseDescription: 'The stored playbook',
  },
  {
    method: 'get',
    path: `${playbooksApiPath}/:id/runs`,
    tag: 'Playbooks',
    summary: "A playbook's runs, newest first, with their evidence and steps",
    security: 'apiKey',
    pathParameters: { id: playbookIdSchema },
    query: playbookRunsQuerySchema,
    responseDescription: 'The runs',
  },
  {
    method: 'get',
    path: `${playbooksApiPath}/:id/preview`,
    tag: 'Playbooks',
    summary: "What a stored playbook (enabled or not) would open today, outside its companies' open runs and cooldowns",
    security: 'apiKey',
    pathParameters: { id: playbookIdSchema },
    query: playbookPortalQuerySchema,
    responseDescription: 'The preview',
  },
  {
    method: 'get',
    path: `${playbooksApiPath}/:id/outcomes`,
    tag: 'Playbooks',
    summary: 'Runs started and completed per month, and outcomes for treated vs holdout with a 95% interval',
    security: 'apiKey',
    pathParameters: { id: playbookIdSchema },
    query: playbookOutcomesQuerySchema,
    responseDescription: 'The outcome report, overall and per month of opening',
  },
  {
    method: 'get',
    path: digestPreviewApiPath,
    tag: 'Digests',
    summary:
      "Each recipient's digest (band changes, playbook runs, renewals) as it would be sent, with its email text and HTML",
    security: 'apiKey',
    query: digestPreviewQuerySchema,
    response: { name: 'DigestPreview', schema: digestPreviewAnswerSchema },
    responseDescription: 'The digests; a recipient who receives none is a 404',
  },
  {
    method: 'get',
    path: managerApiPath,
    tag: 'Manager view',
    summary: 'Portfolio KPIs, health bands, onboarding, alerts and maturity',
    security: 'apiKey',
    query: managerPortfolioQuerySchema.safeExtend(portalQuerySchema.shape),
    response: managerAnswer,
    responseDescription: 'The manager view',
  },
  {
    method: 'get',
    path: managerRenewalsApiPath,
    tag: 'Manager view',
    summary: "Renewals due in the next 30, 90 or 180 days, riskiest money first, and the running quarter's forecast",
    security: 'apiKey',
    query: renewalsPageQuerySchema.safeExtend(portalQuerySchema.shape),
    response: renewalsAnswer,
    responseDescription: 'The renewals page',
  },
  {
    method: 'get',
    path: managerPlaybooksApiPath,
    tag: 'Manager view',
    summary: 'Each playbook with its runs and its outcomes, treated companies against the held-out ones',
    security: 'apiKey',
    query: portalQuerySchema,
    response: playbooksAnswer,
    responseDescription: 'The playbooks page',
  },
  ...settingsKinds.flatMap((kind): ApiOperation[] => [
    {
      method: 'get',
      path: `${settingsApiPath}/${kind}`,
      tag: 'Settings',
      summary: `The portal's ${kind} settings: what applies, who set them and when`,
      security: 'apiKey',
      query: settingsReadQuerySchema,
      responseDescription: 'The settings in force (stored, else the defaults), and with `history` the last changes',
    },
    {
      method: 'put',
      path: `${settingsApiPath}/${kind}`,
      tag: 'Settings',
      summary: `Replace the portal's ${kind} settings (what is left out takes its default)`,
      security: 'apiKey',
      query: settingsWriteQuerySchema,
      body: { contentType: 'application/json', schema: settingsSchemas[kind] },
      responseDescription: 'The stored settings, and whether health is being rescored',
    },
  ]),
  {
    method: 'post',
    path: '/api/v1/usage/batch',
    tag: 'Ingestion',
    summary: 'Product usage events, deduplicated by messageId',
    security: 'ingestionKey',
    query: batchQuerySchema,
    body: { contentType: 'application/json', schema: usageBatchSchema },
    responseDescription: rejectedItems,
  },
  {
    method: 'get',
    path: '/api/v1/usage/unmatched',
    tag: 'Ingestion',
    summary: 'Accounts whose events match no company yet (an api key; an ingest key only writes)',
    security: 'apiKey',
    query: unmatchedQuerySchema,
    responseDescription: 'A page of unmatched accounts',
  },
  {
    method: 'post',
    path: '/api/v1/usage/csv',
    tag: 'Ingestion',
    summary: 'A CSV of usage events, streamed',
    security: 'ingestionKey',
    query: csvQuerySchema,
    body: { contentType: 'text/csv', schema: z.string() },
    responseDescription: 'Rows stored, duplicate, unmatched and rejected (by line)',
  },
  {
    method: 'post',
    path: '/api/v1/surveys',
    tag: 'Ingestion',
    summary: "NPS and CSAT answers, for a customer's company (by accountId, or companyId)",
    security: 'ingestionKey',
    query: batchQuerySchema,
    body: { contentType: 'application/json', schema: surveyBatchSchema },
    responseDescription: rejectedItems,
  },
  {
    method: 'post',
    path: '/v1/track',
    tag: 'Segment',
    summary: "Segment's track call",
    security: 'segmentWriteKey',
    body: { contentType: 'application/json', schema: segmentTrackSchema },
    responseDescription: segmentAnswer,
  },
  {
    method: 'post',
    path: '/v1/identify',
    tag: 'Segment',
    summary: "Segment's identify call",
    security: 'segmentWriteKey',
    body: { contentType: 'application/json', schema: segmentIdentifySchema },
    responseDescription: segmentAnswer,
  },
  {
    method: 'post',
    path: '/v1/group',
    tag: 'Segment',
    summary: "Segment's group call: links a user to an account",
    security: 'segmentWriteKey',
    body: { contentType: 'application/json', schema: segmentGroupSchema },
    responseDescription: segmentAnswer,
  },
  {
    method: 'post',
    path: '/v1/batch',
    tag: 'Segment',
    summary: "Segment's batch call",
    security: 'segmentWriteKey',
    body: { contentType: 'application/json', schema: segmentBatchSchema },
    responseDescription:
      'Always 200 for a well-formed batch (Segment retries only 5xx and 429): `{ "success": true, stored, duplicates, unmatched, rejectedCount, rejected }`, each rejected call with its index, field and reason; the others are stored',
  },
  {
    method: 'get',
    path: companyCardPath,
    tag: 'HubSpot card',
    summary: "The company card's data, for hubspot.fetch",
    security: 'hubspotSignature',
    query: cardQuerySchema,
    response: cardAnswer,
    responseDescription: 'The card',
  },
  ...cardActions,
  {
    method: 'get',
    path: managerHomePath,
    tag: 'Manager view',
    summary: "The manager view's data, for hubspot.fetch",
    security: 'hubspotSignature',
    query: managerPortfolioQuerySchema,
    response: managerAnswer,
    responseDescription: 'The manager view',
  },
  {
    method: 'get',
    path: managerRenewalsHomePath,
    tag: 'Manager view',
    summary: "The renewals page's data, for hubspot.fetch",
    security: 'hubspotSignature',
    query: renewalsPageQuerySchema,
    response: renewalsAnswer,
    responseDescription: 'The renewals page',
  },
  {
    method: 'get',
    path: managerPlaybooksHomePath,
    tag: 'Manager view',
    summary: "The playbooks page's data, for hubspot.fetch",
    security: 'hubspotSignature',
    response: playbooksAnswer,
    responseDescription: 'The playbooks page',
  },
  {
    method: 'post',
    path: webhookPath,
    tag: 'HubSpot webhooks',
    summary: "HubSpot's signed webhook deliveries",
    security: 'hubspotSignature',
    body: { contentType: 'application/json', schema: webhookDeliverySchema },
    responseDescription:
      'Events stored; each invalid event recorded with its reason and listed (`rejections`: index and reason)',
  },
  {
    method: 'get',
    path: '/oauth/install',
    tag: 'OAuth',
    summary: "Redirects a portal admin to HubSpot's install page",
    security: 'none',
    responseDescription: 'A redirect (302)',
  },
  {
    method: 'get',
    path: '/oauth/callback',
    tag: 'OAuth',
    summary: "HubSpot's redirect back after an install",
    security: 'none',
    query: callbackQuerySchema,
    responseDescription: 'An HTML page saying the app is installed',
  },
];
