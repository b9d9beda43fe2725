import { ServiceError } from '../service-error';

/** The portal never installed the app through OAuth (or was uninstalled). */
export class NotInstalledError extends ServiceError {
  /** `withRetry` gives up at once: asking HubSpot again cannot help. */
  readonly permanent = true;

  constructor(readonly portalId: number) {
    super('not_found', `Portal ${portalId} has not installed the app: open /oauth/install`, { portalId });
    this.name = 'NotInstalledError';
  }
}

/** HubSpot no longer accepts the portal's refresh token (app uninstalled or access revoked): only a new install helps. */
export class ReinstallRequiredError extends ServiceError {
  readonly permanent = true;

  constructor(
    readonly portalId: number,
    readonly reason: string,
  ) {
    super('unavailable', `Portal ${portalId} must reinstall the app (${reason}): open /oauth/install`, {
      portalId,
      reason,
      reinstall: true,
    });
    this.name = 'ReinstallRequiredError';
  }
}

/** The app is no longer installed in the portal (removed there, or uninstalled and forgotten): its work is void, not failed. */
export function isPortalUninstalled(error: unknown): error is NotInstalledError | ReinstallRequiredError {
  return (
    error instanceof NotInstalledError ||
    (error instanceof ReinstallRequiredError && error.reason === 'app_uninstalled')
  );
}
