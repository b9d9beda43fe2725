import type { InstallablePortal } from './oauth-grants';

export function installablePortal(portalId: number, index: number): InstallablePortal {
  return {
    id: portalId,
    hubDomain: `portal-${portalId}.sandbox.test`,
    userId: 9_000_001 + index,
    user: `admin@portal-${portalId}.sandbox.test`,
  };
}
