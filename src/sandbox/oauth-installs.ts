import { postAppUninstalled, type AppLifecycleTarget } from './app-lifecycle-events';
import type { SandboxOAuthAuthority } from './oauth-authority';
import type { InstallablePortal } from './oauth-grants';

export function installablePortal(portalId: number, index: number): InstallablePortal {
  return { id: portalId, hubDomain: `portal-${portalId}.sandbox.test`, userId: 9_000_001 + index, user: `admin@portal-${portalId}.sandbox.test` };
}

/** The user-uninstall step both OAuth sandboxes share. */
export async function reportUserUninstall(authority: SandboxOAuthAuthority, target: AppLifecycleTarget | undefined, portalId: number, now: () => number): Promise<number | undefined> {
  authority.uninstall(portalId, 'user');
  return target ? postAppUninstalled(target, { portalId, appId: authority.appId, occurredAt: now() }) : undefined;
}
