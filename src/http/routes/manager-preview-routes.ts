import { gzipSync } from 'node:zlib';
import type { Express, Request, Response } from 'express';
import { managerStyles } from '../../preview/manager-styles';
import { managerAssetPaths, managerPage } from '../../preview/pages/manager-page';
import { lazyPreviewBundle, type PreviewBundle } from '../../preview/preview-bundle';
import type { ModuleContext } from '../http-module';
import { managerPortfolioHandler } from './manager-portfolio-handler';
import { managerRenewalsHandler, renewalsDataName } from './manager-renewals-handler';

export const managerPreviewPath = '/manager';
export const managerPreviewApiPath = '/preview/api/manager';
export const managerRenewalsPreviewApiPath = `/preview/api/${renewalsDataName}`;

function sendBundle(request: Request, response: Response, bundle: PreviewBundle, gzipped: Buffer): void {
  response
    .type('js')
    .set('cache-control', request.query.v === bundle.hash ? 'public, max-age=31536000, immutable' : 'no-cache')
    .vary('accept-encoding');
  if (request.acceptsEncodings('gzip') === 'gzip') response.set('content-encoding', 'gzip').send(gzipped);
  else response.send(bundle.javascript);
}

/**
 * The preview of the app pages: `/manager` renders the home page's own components, which read the
 * portfolio WITHOUT a HubSpot signature for the resolved portal, like the card preview. Local use only.
 */
export function managerPreview(app: Express, { db, logger, portals }: ModuleContext, now: () => number): void {
  const bundle = lazyPreviewBundle('manager-preview-bootstrap.tsx');
  let gzipped: { hash: string; body: Buffer } | undefined;
  const loadBundle = async () => {
    const built = await bundle();
    if (gzipped?.hash !== built.hash) gzipped = { hash: built.hash, body: gzipSync(built.javascript) };
    return { built, gzipped: gzipped.body };
  };
  loadBundle().catch((error: unknown) => logger.error({ err: error }, 'manager preview bundle failed to build'));

  app.get(
    managerPreviewApiPath,
    managerPortfolioHandler(db, () => portals.resolve(), now),
  );
  app.get(
    managerRenewalsPreviewApiPath,
    managerRenewalsHandler(db, () => portals.resolve(), now),
  );
  app.get(managerAssetPaths.styles, (_request, response) => {
    response.type('css').set('cache-control', 'no-cache').send(managerStyles);
  });
  app.get(managerAssetPaths.script, async (request, response) => {
    const { built, gzipped: body } = await loadBundle();
    sendBundle(request, response, built, body);
  });
  // Every path below /manager is one of the app pages' routes (deep links), as below the app's URL in HubSpot.
  app.get([managerPreviewPath, `${managerPreviewPath}/*path`], async (_request, response) => {
    const [portal, { built }] = await Promise.all([portals.resolve(), loadBundle()]);
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
