import type { Express, Response } from 'express';
import { z } from 'zod';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { componentStyles } from '../../preview/component-styles';
import { pageStyles } from '../../preview/page-styles';
import { cardPage } from '../../preview/pages/card-page';
import { digestsPage } from '../../preview/pages/digests-page';
import { missingCompanyPage } from '../../preview/pages/missing-company-page';
import { previewAssetPaths } from '../../preview/pages/page-shell';
import { portfolioPage } from '../../preview/pages/portfolio-page';
import { loadCompanyRecord, loadPortfolioPage } from '../../services/portfolio/portfolio-page';
import { companySuccessService } from '../../services/card/customer-success-adapter';
import { previewDigests } from '../../services/digests/preview-digests';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { mailPreviewSecurityPolicy } from '../middleware/security-headers';
import { parseQuery } from '../validation';
import { servedBundle } from './served-bundle';
import { cardApiRouter, jsonBody, type CardApiOptions, type Caller } from './card-routes';

export const previewApiPath = '/preview/api/card';
export const previewActor = 'preview-user';

export interface PreviewModuleOptions extends CardApiOptions {
  /**
   * The preview serves the card API WITHOUT a HubSpot signature, as `previewActor`, for the resolved
   * portal: turn it on only for local use (the sandbox demo, or PREVIEW=true on purpose).
   */
  readonly enabled: boolean;
  /** Build the browser bundle at mount instead of on the first card page. */
  readonly warmUp?: boolean;
}

const portfolioQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});
const companyParamsSchema = z.object({
  companyId: z
    .string()
    .regex(/^[0-9]+$/, 'expected a HubSpot object id')
    .max(64),
});
const digestsQuerySchema = z.object({ sentOn: calendarDateSchema.optional() });
const portfolioPageSize = 250;
const styles = componentStyles + pageStyles;

function sendHtml(response: Response, markup: string): void {
  response.type('html').set('cache-control', 'no-store').send(markup);
}

/** The local preview: a portfolio list at `/` and each company's card, rendered by the card's own components. */
export function previewModule(options: PreviewModuleOptions): HttpModule {
  return (app: Express, { db, logger, portals }) => {
    if (!options.enabled) return;
    const now = options.now ?? Date.now;
    const bundle = servedBundle();
    if (options.warmUp ?? true)
      bundle.load().catch((error: unknown) => logger.error({ err: error }, 'preview bundle failed to build'));

    const callerOf = async (): Promise<Caller> => ({ portal: await portals.resolve(), actor: previewActor });
    app.use(
      previewApiPath,
      jsonBody,
      cardApiRouter(db, callerOf, { ...options, success: options.success ?? companySuccessService }),
    );

    app.get(previewAssetPaths.styles, (_request, response) => {
      response.type('css').set('cache-control', 'no-cache').send(styles);
    });
    app.get(previewAssetPaths.script, bundle.send);
    app.get('/preview/companies/:companyId', async (request, response) => {
      const { companyId } = parseQuery(companyParamsSchema, request.params);
      const portal = await portals.resolve();
      const [company, built] = await Promise.all([loadCompanyRecord(db, portal, companyId), bundle.load()]);
      if (!company) {
        // A browser gets a page saying so; any other client the API's error, as from every other route.
        if (request.accepts(['json', 'html']) !== 'html')
          throw new ServiceError('not_found', `Company ${companyId} is not in portal ${portal.id}`);
        sendHtml(response.status(404), missingCompanyPage({ portalId: portal.id, companyId }));
        return;
      }
      sendHtml(response, cardPage({ portalId: portal.id, company, dataUrl: previewApiPath, scriptHash: built.hash }));
    });
    app.get('/preview/digests', mailPreviewSecurityPolicy(), async (request, response) => {
      const query = parseQuery(digestsQuerySchema, request.query);
      const portal = await portals.resolve();
      const sentOn = query.sentOn ?? instantToLocalDate(now(), portal.timeZone);
      const previews = await previewDigests(db, portal, sentOn, { exampleManager: true });
      sendHtml(response, digestsPage({ portalId: portal.id, sentOn, previews }));
    });
    app.get('/', async (request, response) => {
      const query = parseQuery(portfolioQuerySchema, request.query);
      const portal = await portals.resolve();
      const asOf = instantToLocalDate(now(), portal.timeZone);
      const page = await loadPortfolioPage(db, portal, asOf, {
        limit: portfolioPageSize,
        ...(query.page === undefined ? {} : { page: query.page }),
        nameContains: query.q,
      });
      sendHtml(response, portfolioPage({ portalId: portal.id, asOf, search: query.q, page }));
    });
  };
}
