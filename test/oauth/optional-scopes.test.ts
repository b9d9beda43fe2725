import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { readFeedbackPage } from '../../src/hubspot/feedback/feedback-pages';
import { fetchExchangeRates } from '../../src/hubspot/sync/exchange-rates-sync';
import { listPortalAccess } from '../../src/services/install/portal-listing';
import { syncPortal } from '../../src/services/sync/portal-sync';
import { databaseTargets } from '../support/databases';
import { manualClock, startOAuthSandbox, type RunningOAuthSandbox } from './oauth-harness';
import { installPortal, oauthService } from './service-harness';

const feedbackScope = 'crm.objects.feedback_submissions.read';
const currenciesScope = 'settings.currencies.read';

describe.each(databaseTargets)('an install without optional scopes on $name', (target) => {
  let handle: DatabaseHandle;
  let server: RunningOAuthSandbox;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());
  afterEach(async () => server.running.close());

  it('is answered 403 MISSING_SCOPES where HubSpot would, syncs the rest, and says what the portal goes without', async () => {
    const clock = manualClock(Date.now());
    // The installing user's account has no feedback surveys: HubSpot installs the app without that optional scope.
    server = await startOAuthSandbox(clock.now, 1800, [feedbackScope]);
    const service = oauthService(handle.db, server.running.url, clock.now);
    await installPortal(service.app, 4242);
    const client = await service.clients.hubspotClientFor(4242);

    expect(await readFeedbackPage(client, 4242, undefined, { retry: { retries: 0 } })).toEqual({
      status: 'not_available',
      httpStatus: 403,
    });
    const raw = await client.apiRequest({ method: 'GET', path: '/crm/v3/objects/feedback_submissions' });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({
      category: 'MISSING_SCOPES',
      errors: [{ context: { requiredGranularScopes: [feedbackScope] } }],
    });
    expect(await fetchExchangeRates(client, 4242, 'EUR')).toBeUndefined();

    const lines: string[] = [];
    const logger = createLogger(
      'warn',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const result = await syncPortal({ client, db: handle.db, logger });
    expect(result.counts.companies).toBe(2);
    const warnings = lines.join('');
    expect(warnings).toContain(`${feedbackScope} not granted: HubSpot's survey answers (NPS, CSAT) are not read`);
    expect(warnings).toContain(`${currenciesScope} not granted`);

    const listing = await listPortalAccess(handle.db, [feedbackScope, currenciesScope]);
    expect(listing.find((portal) => portal.portalId === 4242)?.withoutScopes).toEqual([feedbackScope, currenciesScope]);
  });

  it('reads survey answers when the optional scope was granted', async () => {
    server = await startOAuthSandbox(manualClock(Date.now()).now);
    const service = oauthService(handle.db, server.running.url, Date.now);
    await installPortal(service.app, 5151);
    const client = await service.clients.hubspotClientFor(5151);
    expect((await readFeedbackPage(client, 5151, undefined)).status).toBe('page');
  });
});
