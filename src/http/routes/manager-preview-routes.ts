import type { Express } from 'express';
import { managerStyles } from '../../preview/manager-styles';
import { managerAssetPaths, managerPage } from '../../preview/pages/manager-page';
import type { ModuleContext } from '../http-module';
import { servedBundle } from './served-bundle';
import { managerPortfolioHandler } from './manager-portfolio-handler';
import { managerPlaybooksHandler, playbooksDataName } from './manager-playbooks-handler';
import { managerRenewalsHandler, renewalsDataName } from './manager-renewals-handler';

export const managerPreviewPath = '/manager';
export const managerPreviewApiPath = '/preview/api/manager';
export const managerRenewalsPreviewApiPath = `/preview/api/${renewalsDataName}`;
export const managerPlaybooksPreviewApiPath = `/preview/api/${playbooksDataName}`;

/**
 * The preview of the app pages: `/manager` renders the home page's own components, which read the
 * portfolio WITHOUT a HubSpot signature for the resolved portal, like the card preview. Local use only.
 */
export function managerPreview(app: Express, { db, logger, portals }: ModuleContext, now: () => number): void {
  const bundle = servedBundle('manager-preview-bootstrap.tsx');
  bundle.load().catch((error: unknown) => logger.error({ err: error }, 'manager preview bundle failed to build'));

  app.get(
    managerPreviewApiPath,
    managerPortfolioHandler(db, () => portals.resolve(), now),
  );
  app.get(
    managerRenewalsPreviewApiPath,
    managerRenewalsHandler(db, () => portals.resolve(), now),
  );
  app.get(
    managerPlaybooksPreviewApiPath,
    managerPlaybooksHandler(db, () => portals.resolve(), now),
  );
  app.get(managerAssetPaths.styles, (_request, response) => {
    response.type('css').set('cache-control', 'no-cache').send(managerStyles);
  });
  app.get(managerAssetPaths.script, bundle.send);
  // Every path below /manager is one of the app pages' routes (deep links), as below the app's URL in HubSpot.
  app.get([managerPreviewPath, `${managerPreviewPath}/*path`], async (_request, response) => {
    const [portal, built] = await Promise.all([portals.resolve(), bundle.load()]);
    response
      .type('html')
      .set('cache-control', 'no-store')
      .send(
        managerPage({
          portalId: portal.id,
          dataUrl: managerPreviewApiPath,
          basePath: managerPreviewPath,
          scriptHash: built.hash,
        }),
      );
  });
}
