import type { Client } from '@hubspot/api-client';
import express, { Router, type Express, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  cardActionPaths,
  completeMilestoneRequestSchema,
  createSuggestedDealRequestSchema,
  dismissSuggestionRequestSchema,
  setStageRequestSchema,
} from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import type { Portal } from '../../services/portfolio/portal-directory';
import type { SuggestedDealSettings } from '../../domain/deals/suggested-deal-placement';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { createHubSpotClient, type HubSpotConnection } from '../../hubspot/client';
import * as cardActions from '../../services/card/card-actions';
import { loadCompanyCard } from '../../services/card/company-card-service';
import type { CompanySuccessPort } from '../../services/card/company-success-port';
import { companySuccessService } from '../../services/card/customer-success-adapter';
import { cachedPortalLookup } from '../../services/card/portal-cache';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { keepRawBody, verifiedHubSpotRequest, verifyHubSpotSignature } from '../middleware/hubspot-signature';
import { parseBody, parseQuery } from '../validation';

/** The card's data path in app.json (`cards[].dataPath`). */
export const companyCardPath = '/hubspot/cards/company-health';

export const cardQuerySchema = z.object({ companyId: z.string().regex(/^[0-9]+$/, 'expected a HubSpot object id') });

export interface Caller {
  readonly portal: Portal;
  /** Who acts, recorded with every action. */
  readonly actor: string;
}

export interface CardApiOptions {
  readonly hubspotConnection?: HubSpotConnection;
  /** The client acting for a portal (OAuth installs); else one client from `hubspotConnection` for every request. */
  readonly hubspotClientFor?: (portalId: number) => Promise<Client>;
  readonly success?: CompanySuccessPort;
  readonly now?: () => number;
  /** Where the card's suggested deals go (CS_SUGGESTED_DEAL_PIPELINE, CS_SUGGESTED_DEAL_STAGE). */
  readonly suggestedDeal?: SuggestedDealSettings;
}

/** The card's read and action endpoints under `router`; `callerOf` decides whose portal they serve. */
export function cardApiRouter(
  db: Database,
  callerOf: (request: Request) => Promise<Caller>,
  options: CardApiOptions,
): Router {
  const router = Router();
  const now = options.now ?? Date.now;
  const sharedClient = options.hubspotConnection ? createHubSpotClient(options.hubspotConnection) : undefined;
  const clientFor = async (portalId: number) =>
    options.hubspotClientFor ? options.hubspotClientFor(portalId) : sharedClient;
  const contextOf = async (request: Request, companyId: string) => {
    const { portal, actor } = await callerOf(request);
    return {
      db,
      portal,
      companyId,
      actor,
      asOf: instantToLocalDate(now(), portal.timeZone),
      success: options.success,
      suggestedDeal: options.suggestedDeal,
    };
  };
  const respondWithCard = async (context: Awaited<ReturnType<typeof contextOf>>, response: express.Response) => {
    response.json(await loadCompanyCard(context));
  };

  router.get('/', async (request, response) => {
    const { companyId } = parseQuery(cardQuerySchema, request.query);
    await respondWithCard(await contextOf(request, companyId), response);
  });
  router.post(cardActionPaths.setStage, async (request, response) => {
    const body = parseBody(setStageRequestSchema, request.body);
    const context = await contextOf(request, body.companyId);
    await cardActions.setStage(context, body.stage);
    await respondWithCard(context, response);
  });
  router.post(cardActionPaths.completeMilestone, async (request, response) => {
    const body = parseBody(completeMilestoneRequestSchema, request.body);
    const context = await contextOf(request, body.companyId);
    await cardActions.completeMilestone(context, body.milestoneKey);
    await respondWithCard(context, response);
  });
  router.post(cardActionPaths.createSuggestedDeal, async (request, response) => {
    const body = parseBody(createSuggestedDealRequestSchema, request.body);
    const context = await contextOf(request, body.companyId);
    await cardActions.createSuggestedDeal(context, await clientFor(context.portal.id), body.suggestionId);
    await respondWithCard(context, response);
  });
  router.post(cardActionPaths.dismissSuggestion, async (request, response) => {
    const body = parseBody(dismissSuggestionRequestSchema, request.body);
    const context = await contextOf(request, body.companyId);
    await cardActions.dismissSuggestion(context, body.suggestionId, body.reason);
    await respondWithCard(context, response);
  });
  return router;
}

export const jsonBody: RequestHandler = express.json({ limit: '1mb', verify: keepRawBody });

export interface CardModuleOptions extends CardApiOptions {
  readonly clientSecret: string;
  /** The public base URL HubSpot signs (app.json `service.publicUrl`); defaults to the request's own. */
  readonly publicUrl?: string;
  readonly path?: string;
}

const clientSecretSchema = z.string().min(1, 'HUBSPOT_CLIENT_SECRET is required for the card endpoint');

/** The card endpoint for hubspot.fetch: every request's v3 signature checked, the portal taken from the signed URL. */
export function cardModule(options: CardModuleOptions): HttpModule {
  const clientSecret = clientSecretSchema.parse(options.clientSecret);
  return (app: Express, { db }) => {
    const portalById = cachedPortalLookup(db);
    const callerOf = async (request: Request): Promise<Caller> => {
      const verified = verifiedHubSpotRequest(request);
      const portal = await portalById(verified.portalId);
      if (!portal) throw new ServiceError('not_found', `Portal ${verified.portalId} has not been synced`);
      const actor =
        verified.userEmail ?? (verified.userId === null ? 'hubspot-user:unknown' : `hubspot-user:${verified.userId}`);
      return { portal, actor };
    };
    app.use(
      options.path ?? companyCardPath,
      jsonBody,
      verifyHubSpotSignature({ clientSecret, publicUrl: options.publicUrl, now: options.now }),
      cardApiRouter(db, callerOf, { ...options, success: options.success ?? companySuccessService }),
    );
  };
}
