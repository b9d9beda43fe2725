import { nextDailyReset } from './daily-reset';
import type { PortalRateLimits } from './rate-limit';
import type { RegisterRoute } from './route-helpers';

/** HubSpot's daily usage of the account's private-app calls; its `usageLimit` tells the tier. */
export function registerUsageRoutes(
  register: RegisterRoute,
  limiter: PortalRateLimits | undefined,
  now: () => number,
  timeZone: () => string,
): void {
  register('get', '/account-info/v3/api-usage/daily/private-apps', (_request, response) => {
    const snapshot = limiter?.snapshot();
    response.json({
      results: [
        {
          name: 'private-apps-api-calls-daily',
          usageLimit: limiter?.limits.daily ?? 0,
          currentUsage: snapshot?.dailyUsed ?? 0,
          collectedAt: new Date(now()).toISOString(),
          fetchStatus: 'SUCCESS',
          resetsAt: new Date(nextDailyReset(now(), timeZone())).toISOString(),
        },
      ],
    });
  });
}
