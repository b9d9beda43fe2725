import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import type { CallCounter } from './call-counter';
import { SandboxOAuthAuthority, type SandboxOAuthApp } from './oauth-authority';
import { oauthTokenGate } from './oauth-gate';
import { registerOAuthRoutes } from './oauth-routes';
import { installablePortal } from './oauth-installs';
import { registerWebhooksJournalRoutes } from './webhooks-journal-routes';

export interface SandboxOAuthOptions {
  readonly app: SandboxOAuthApp;
}

export interface SandboxOAuth {
  readonly authority: SandboxOAuthAuthority;
  /** Replaces "any bearer token": only live tokens issued here pass. */
  readonly gate: RequestHandler;
  uninstallByUser(): void;
}

const uninstallQuerySchema = z.object({ portalId: z.coerce.number().int().positive() });

/** OAuth 2026-03 on a one-portal sandbox (`npm run sandbox -- --client-id … --client-secret …`). */
export function attachSandboxOAuth(
  app: Express,
  portalId: number,
  counter: CallCounter,
  options: SandboxOAuthOptions,
  now: () => number,
): SandboxOAuth {
  const authority = new SandboxOAuthAuthority(options.app, [installablePortal(portalId, 0)], now);
  registerOAuthRoutes(app, authority, counter);
  registerWebhooksJournalRoutes(app, authority, counter);
  const uninstallByUser = () => authority.uninstall(portalId, 'user');
  app.get('/_sandbox/oauth/uninstalls', (_request, response) => {
    response.json(authority.uninstalls());
  });
  // Stands for a user removing the app in HubSpot's connected-apps settings.
  app.post('/_sandbox/oauth/uninstall', (request, response) => {
    const query = uninstallQuerySchema.safeParse(request.query);
    if (!query.success || query.data.portalId !== portalId) {
      response.status(400).json({ message: `portalId must be this sandbox's portal, ${portalId}` });
      return;
    }
    uninstallByUser();
    response.json({ uninstalled: portalId });
  });
  return { authority, gate: oauthTokenGate(authority, now), uninstallByUser };
}
