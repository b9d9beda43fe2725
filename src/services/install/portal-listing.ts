import type { Database } from '../../db/client';
import { listInstallations } from '../../db/repositories/installations-repository';
import { listPortals } from '../../db/repositories/portals-repository';
import { scopesNotGranted } from './optional-scopes';

export interface PortalListing {
  readonly portalId: number;
  readonly name: string | null;
  readonly timeZone: string | null;
  /**
   * `oauth` (installed, tokens stored), `needs_reinstall`, `uninstalled` (removed in HubSpot, data kept until
   * `dataDeletionDueAt`), or `synced` (private-app token or sandbox: no tokens stored).
   */
  readonly access: 'oauth' | 'needs_reinstall' | 'uninstalled' | 'synced';
  readonly scopes: number;
  /** The app's optional scopes this OAuth install was not granted (none for a private-app or sandbox portal). */
  readonly withoutScopes: string[];
  readonly accessTokenExpiresAt: Date | null;
  readonly dataDeletionDueAt: Date | null;
}

/**
 * Every portal the service knows: synced ones and OAuth installations (which may not have synced yet), with the app's
 * `optionalScopes` each install lacks.
 */
export async function listPortalAccess(db: Database, optionalScopes: readonly string[] = []): Promise<PortalListing[]> {
  const [portals, installations] = await Promise.all([listPortals(db), listInstallations(db)]);
  const byId = new Map(installations.map((installation) => [installation.portalId, installation]));
  const ids = [...new Set([...portals.map((portal) => portal.id), ...byId.keys()])].sort((left, right) => left - right);
  return ids.map((portalId) => {
    const portal = portals.find((candidate) => candidate.id === portalId);
    const installation = byId.get(portalId);
    return {
      portalId,
      name: portal?.name ?? installation?.hubDomain ?? null,
      timeZone: portal?.timeZone ?? null,
      access: installation ? (installation.status === 'active' ? 'oauth' : installation.status) : 'synced',
      scopes: installation?.scopes.length ?? 0,
      withoutScopes: installation ? scopesNotGranted(optionalScopes, installation.scopes) : [],
      accessTokenExpiresAt: installation?.accessTokenExpiresAt ?? null,
      dataDeletionDueAt: installation?.dataDeletionDueAt ?? null,
    };
  });
}
