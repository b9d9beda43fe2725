import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import {
  deleteInstallation,
  findInstallation,
  listInstallations,
} from '../../src/db/repositories/installations-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { withRetry } from '../../src/hubspot/client';
import { ReinstallRequiredError } from '../../src/services/install/install-errors';
import { tokenContext } from '../../src/services/install/oauth-settings';
import { eq } from 'drizzle-orm';
import { createLogger } from '../../src/config/logger';
import { companies } from '../../src/db/schema';
import { serviceJobHandlers } from '../../src/jobs/service-job-handlers';
import { databaseTargets } from '../support/databases';
import { manualClock, oauthApp, startOAuthSandbox, type RunningOAuthSandbox } from './oauth-harness';
import {
  beginInstall,
  finishInstall,
  installPortal,
  oauthService,
  redirectUri,
  requiredScopes,
} from './service-harness';
import { RecordingJobQueue } from '../support/recording-job-queue';

const ttlSeconds = 1800;

describe.each(databaseTargets)('OAuth install on $name', (target) => {
  let handle: DatabaseHandle;
  let clock: ReturnType<typeof manualClock>;
  let server: RunningOAuthSandbox;
  let service: ReturnType<typeof oauthService>;
  const tokenCalls = () => server.sandbox.calls().byRoute['POST /oauth/2026-03/token'] ?? 0;
  const companyNames = async (portalId: number) => {
    const client = await service.clients.hubspotClientFor(portalId);
    return (await client.crm.companies.basicApi.getPage(10)).results.map((company) => company.properties.name).sort();
  };

  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    for (const installation of await listInstallations(handle.db))
      await deleteInstallation(handle.db, installation.portalId);
    clock = manualClock();
    server = await startOAuthSandbox(clock.now, ttlSeconds);
    service = oauthService(handle.db, server.running.url, clock.now);
  });
  afterEach(async () => server.running.close());

  it('sends the browser to the install page with the app, the callback, the scopes and a state', async () => {
    const start = await request(service.app).get('/oauth/install').expect(302);
    const location = new URL(start.headers.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${server.running.url}/oauth/authorize`);
    expect(location.searchParams.get('client_id')).toBe(oauthApp.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(location.searchParams.get('scope')?.split(' ')).toEqual(requiredScopes);
    expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(String(start.headers['set-cookie'])).toMatch(/cs_install_state=.+HttpOnly; SameSite=Lax/);
  });

  it('installs end to end: tokens stored sealed, portal details read, initial sync started, CRM calls work', async () => {
    const page = await installPortal(service.app);
    expect(page.text).toContain('4242');
    expect(service.installed).toEqual([4242]);

    const installation = await findInstallation(handle.db, 4242);
    expect(installation).toMatchObject({ status: 'active', hubDomain: 'portal-4242.sandbox.test' });
    expect(installation?.scopes).toEqual([...requiredScopes, 'crm.objects.feedback_submissions.read']);
    const accessToken = await service.tokens.accessTokenFor(4242);
    const refreshToken = service.cipher.decrypt(
      installation?.refreshTokenSealed ?? '',
      tokenContext(4242, 'refresh_token'),
    );
    expect(accessToken).toMatch(/^CO/);
    expect(refreshToken).toMatch(/^na1-[0-9a-f-]{36}$/);
    expect(installation?.accessTokenSealed).not.toContain(accessToken);
    expect(installation?.refreshTokenSealed).not.toContain(refreshToken);
    expect(installation?.accessTokenSealed.startsWith(`v1:${service.cipher.current.id}:`)).toBe(true);
    expect(installation?.accessTokenExpiresAt.getTime()).toBe(clock.now() + ttlSeconds * 1000);

    expect(await findPortal(handle.db, 4242)).toMatchObject({ timeZone: 'Europe/Paris', currency: 'EUR' });
    expect(await companyNames(4242)).toEqual(['Alder Labs', 'Birch Co']);
  });

  it("runs the new portal's first sync as a job: properties created, companies stored, health queued", async () => {
    await installPortal(service.app, 5151);
    const jobs = new RecordingJobQueue();
    const { sent } = jobs;
    const handlers = serviceJobHandlers({
      db: handle.db,
      logger: createLogger('silent'),
      jobs,
      hubspotClient: (portalId) => service.clients.hubspotClientFor(portalId),
    });
    await handlers['sync.full']?.({ portalId: 5151 }, { jobId: 'test', retryCount: 0 });
    const stored = await handle.db.select({ name: companies.name }).from(companies).where(eq(companies.portalId, 5151));
    expect(stored.map((company) => company.name)).toEqual(['Cedar Inc']);
    // Its first scores, and an evaluation of the playbooks against them (a recompute skips a portal scored today).
    expect(sent).toEqual([
      { name: 'health.recompute', data: { portalId: 5151 } },
      { name: 'playbooks.evaluate', data: { portalId: 5151 }, options: { startAfterSeconds: 30 } },
    ]);
    const client = await service.clients.hubspotClientFor(5151);
    const group = await client.crm.properties.groupsApi.getByName('companies', 'customer_success');
    expect(group.label).toBe('Customer Success');
  });

  it('keeps two portals side by side, each with its own tokens and data', async () => {
    await installPortal(service.app, 4242);
    await installPortal(service.app, 5151);
    expect((await listInstallations(handle.db)).map((installation) => installation.portalId)).toEqual([4242, 5151]);
    expect(await service.tokens.accessTokenFor(4242)).not.toBe(await service.tokens.accessTokenFor(5151));
    expect(await companyNames(4242)).toEqual(['Alder Labs', 'Birch Co']);
    expect(await companyNames(5151)).toEqual(['Cedar Inc']);
  });

  it('refreshes once, shortly before expiry, for concurrent callers, and stores the new token', async () => {
    await installPortal(service.app);
    const first = await service.tokens.accessTokenFor(4242);
    const callsAfterInstall = tokenCalls();
    clock.advance((ttlSeconds - 10 * 60) * 1000);
    expect(await service.tokens.accessTokenFor(4242)).toBe(first);
    expect(tokenCalls()).toBe(callsAfterInstall);

    clock.advance(6 * 60 * 1000);
    const refreshed = await Promise.all(Array.from({ length: 5 }, () => service.tokens.accessTokenFor(4242)));
    expect(new Set(refreshed).size).toBe(1);
    expect(refreshed[0]).not.toBe(first);
    expect(tokenCalls()).toBe(callsAfterInstall + 1);
    const stored = await findInstallation(handle.db, 4242);
    expect(service.cipher.decrypt(stored?.accessTokenSealed ?? '', tokenContext(4242, 'access_token'))).toBe(
      refreshed[0],
    );
    expect(stored?.accessTokenExpiresAt.getTime()).toBe(clock.now() + ttlSeconds * 1000);

    // The first token has expired at the sandbox now; the portal's client carries on with the new one.
    clock.advance(5 * 60 * 1000);
    expect(await companyNames(4242)).toEqual(['Alder Labs', 'Birch Co']);
  });

  it('keeps a client working across refreshes it starts itself (a long job holding one client)', async () => {
    await installPortal(service.app);
    const client = await service.clients.hubspotClientFor(4242);
    const calls = tokenCalls();
    clock.advance((ttlSeconds - 4 * 60) * 1000);
    // Within the refresh margin: this call still goes out with the old token and starts the refresh.
    expect((await client.crm.companies.basicApi.getPage(10)).results).toHaveLength(2);
    await service.tokens.accessTokenFor(4242);
    expect(tokenCalls()).toBe(calls + 1);
    clock.advance(10 * 60 * 1000);
    expect((await client.crm.companies.basicApi.getPage(10)).results).toHaveLength(2);
  });

  it('marks the portal for reinstall when HubSpot refuses its refresh token, without asking again', async () => {
    await installPortal(service.app);
    const clientBeforeRevoke = await service.clients.hubspotClientFor(4242);
    const installation = await findInstallation(handle.db, 4242);
    await service.oauthApi.revokeRefreshToken(
      service.cipher.decrypt(installation?.refreshTokenSealed ?? '', tokenContext(4242, 'refresh_token')),
    );
    clock.advance(ttlSeconds * 1000);

    await expect(service.tokens.accessTokenFor(4242)).rejects.toBeInstanceOf(ReinstallRequiredError);
    expect(await findInstallation(handle.db, 4242)).toMatchObject({
      status: 'needs_reinstall',
      statusReason: 'invalid_grant',
    });
    const calls = tokenCalls();
    await expect(service.tokens.accessTokenFor(4242)).rejects.toThrow(/must reinstall/);
    await expect(service.clients.hubspotClientFor(4242)).rejects.toBeInstanceOf(ReinstallRequiredError);
    let attempts = 0;
    const crmCall = withRetry(
      'GET companies',
      async () => {
        attempts += 1;
        return clientBeforeRevoke.crm.companies.basicApi.getPage(1);
      },
      { retries: 3, minTimeoutMs: 1 },
    );
    await expect(crmCall).rejects.toBeInstanceOf(ReinstallRequiredError);
    expect(attempts).toBe(1);
    expect(tokenCalls()).toBe(calls);

    await installPortal(service.app);
    expect(await findInstallation(handle.db, 4242)).toMatchObject({ status: 'active', statusReason: null });
    expect(await companyNames(4242)).toEqual(['Alder Labs', 'Birch Co']);
  });

  describe('refuses a callback with a bad state (400, nothing stored)', () => {
    const expectRefused = async (
      response: { status: number; body: { error?: { details?: { fields?: { field: string }[] } } } },
      field = 'state',
    ) => {
      expect(response.status).toBe(400);
      expect(response.body.error?.details?.fields?.[0]?.field).toBe(field);
      expect(await listInstallations(handle.db)).toEqual([]);
    };

    it('missing', async () => {
      const attempt = await beginInstall(service.app);
      const { state: _state, ...withoutState } = attempt.callbackQuery;
      await expectRefused(await finishInstall(service.app, { ...attempt, callbackQuery: withoutState }));
    });

    it("from another browser (no cookie, or another install's cookie)", async () => {
      const attempt = await beginInstall(service.app);
      const other = await beginInstall(service.app);
      await expectRefused(await finishInstall(service.app, { ...attempt, cookie: '' }));
      await expectRefused(await finishInstall(service.app, { ...attempt, cookie: other.cookie }));
      await expectRefused(await finishInstall(service.app, { ...attempt, cookie: 'cs_install_state=%E0%A4%A' }));
    });

    it('forged: a state the service never issued, even with a matching cookie', async () => {
      const attempt = await beginInstall(service.app);
      const forged = 'A'.repeat(43);
      await expectRefused(
        await finishInstall(service.app, {
          callbackQuery: { ...attempt.callbackQuery, state: forged },
          cookie: `cs_install_state=${forged}`,
        }),
      );
    });

    it('replayed', async () => {
      const attempt = await beginInstall(service.app);
      await finishInstall(service.app, attempt).expect(200);
      const replay = await finishInstall(service.app, attempt);
      expect(replay.status).toBe(400);
      expect(replay.body.error.message).toMatch(/already used/);
    });

    it('expired', async () => {
      const attempt = await beginInstall(service.app);
      clock.advance(11 * 60 * 1000);
      await expectRefused(await finishInstall(service.app, attempt));
    });

    it("shows the admin's browser a page with the reason and the way to start again", async () => {
      const attempt = await beginInstall(service.app);
      await finishInstall(service.app, attempt).expect(200);
      const replay = await finishInstall(service.app, attempt)
        .set('accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
        .expect(400)
        .expect('content-type', /html/);
      expect(replay.text).toContain('Customer Success Lifecycle is not installed yet');
      expect(replay.text).toContain('Invalid install callback: state: expired or already used');
      expect(replay.text).toContain('<a href="/oauth/install">Start the install again</a>');
    });

    it('a good state while HubSpot cannot be reached: the page says so (502), nothing stored', async () => {
      const attempt = await beginInstall(service.app);
      const closed = await startOAuthSandbox(clock.now, ttlSeconds);
      await closed.running.close();
      const cutOff = oauthService(handle.db, closed.running.url, clock.now);
      const page = await finishInstall(cutOff.app, attempt)
        .set('accept', 'text/html')
        .expect(502)
        .expect('content-type', /html/);
      expect(page.text).toContain(
        `Could not reach HubSpot at ${closed.running.url}: nothing accepts connections at that address.`,
      );
      expect(await listInstallations(handle.db)).toEqual([]);
    });

    it('a good state with a code HubSpot does not know', async () => {
      const attempt = await beginInstall(service.app);
      await expectRefused(
        await finishInstall(service.app, {
          ...attempt,
          callbackQuery: { ...attempt.callbackQuery, code: 'not-a-code' },
        }),
        'code',
      );
    });
  });
});
