import { Router } from 'express';
import { z } from 'zod';
import type { InstallService } from '../../services/install/install-service';
import type { HttpModule } from '../http-module';
import { parseQuery } from '../validation';
import { escapeHtml } from '../../domain/text/escape-html';
import { unreachableHubSpotInWords } from '../../hubspot/failure-words';
import { ServiceError } from '../../services/service-error';
import { errorStatuses } from '../middleware/error-handler';

const stateCookie = 'cs_install_state';

// Lengths bound what a caller can make the service hash or send on to HubSpot.
export const callbackQuerySchema = z.object({
  code: z.string().min(1).max(512).optional(),
  state: z.string().min(1).max(256).optional(),
});

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function installedPage(portalId: number, hubDomain: string | undefined, initialSyncQueued: boolean): string {
  const portal = escapeHtml(hubDomain ? `${hubDomain} (${portalId})` : String(portalId));
  const sync = initialSyncQueued
    ? 'Its first sync has started; the card fills in as it completes.'
    : 'Run a sync to fill the card.';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Installed</title></head>` +
    `<body><h1>Customer Success Lifecycle is installed</h1><p>Portal ${portal} is connected. ${sync}</p></body></html>`
  );
}

/**
 * What the admin's browser shows when the install did not finish: the reason in words and the way to start again.
 * A bad or reused callback says what was wrong with it; HubSpot out of reach or refusing says that.
 */
function failedInstallPage(error: unknown): { status: number; html: string } | undefined {
  let status = 502;
  let words: string | undefined;
  if (error instanceof ServiceError) {
    if (error.code === 'internal') return undefined;
    status = errorStatuses[error.code];
    words = error.message;
  } else words = unreachableHubSpotInWords(error);
  if (words === undefined) return undefined;
  return {
    status,
    html:
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Install not finished</title></head>` +
      `<body><h1>Customer Success Lifecycle is not installed yet</h1><p>${escapeHtml(words)}</p>` +
      `<p><a href="/oauth/install">Start the install again</a></p></body></html>`,
  };
}

export interface OAuthModuleOptions {
  readonly install: InstallService;
  /** Cookies are `Secure` when the service is reached over https. */
  readonly secureCookies: boolean;
}

/** `GET /oauth/install` sends the browser to HubSpot's install page; `GET /oauth/callback` finishes the install. */
export function oauthModule(options: OAuthModuleOptions): HttpModule {
  const cookieAttributes = `Path=/oauth; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;
  return (app) => {
    const router = Router();
    router.get('/install', async (_request, response) => {
      const start = await options.install.beginInstall();
      // The cookie ties the callback to the browser that began the install (login CSRF); the stored state makes it single-use.
      response.setHeader(
        'Set-Cookie',
        `${stateCookie}=${encodeURIComponent(start.state)}; Max-Age=${start.expiresInSeconds}; ${cookieAttributes}`,
      );
      response.setHeader('Cache-Control', 'no-store');
      response.redirect(302, start.authorizeUrl);
    });
    router.get('/callback', async (request, response) => {
      response.setHeader('Set-Cookie', `${stateCookie}=; Max-Age=0; ${cookieAttributes}`);
      response.setHeader('Cache-Control', 'no-store');
      let installed;
      try {
        const query = parseQuery(callbackQuerySchema, request.query);
        installed = await options.install.completeInstall({
          ...query,
          browserState: cookieValue(request.get('cookie'), stateCookie),
        });
      } catch (error) {
        // A browser (HubSpot sends the admin here) reads a page; any other client the API's error.
        const page = request.accepts(['json', 'html']) === 'html' ? failedInstallPage(error) : undefined;
        if (page === undefined) throw error;
        response.status(page.status).type('html').send(page.html);
        return;
      }
      response.type('html').send(installedPage(installed.portalId, installed.hubDomain, installed.initialSyncQueued));
    });
    app.use('/oauth', router);
  };
}
