import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { encryptionKey, TokenCipher } from '../../src/config/secrets/token-cipher';
import type { DatabaseHandle } from '../../src/db/client';
import { deleteInstallation, findInstallation, listInstallations, markInstallationNeedsReinstall } from '../../src/db/repositories/installations-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { appLifecycleModule, appLifecyclePath } from '../../src/http/routes/app-lifecycle-routes';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { recomputeMissingScores } from '../../src/jobs/health-schedule';
import { jobBackedWork } from '../../src/jobs/background-work';
import type { JobData, JobName, JobQueue, SendOptions } from '../../src/jobs/job-queue';
import { createOAuthSandbox, type OAuthSandbox } from '../../src/sandbox/oauth-sandbox';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { ReinstallRequiredError } from '../../src/services/install/install-errors';
import { purgeUninstalledPortal } from '../../src/services/install/app-uninstalled';
import { tokenContext } from '../../src/services/install/oauth-settings';
import { listPortalAccess } from '../../src/services/install/portal-listing';
import { databaseTargets } from '../support/databases';
import { oauthApp, portalFixture } from './oauth-harness';
import { installPortal, oauthService } from './service-harness';

class RecordingQueue implements JobQueue {
  readonly sent: { name: JobName; data: unknown; options: SendOptions | undefined }[] = [];
  async send<Name extends JobName>(name: Name, data: JobData<Name>, options?: SendOptions): Promise<void> {
    this.sent.push({ name, data, options });
  }
}

const day = 86_400_000;

describe.each(databaseTargets)('an uninstall made inside HubSpot, on $name', (target) => {
  let handle: DatabaseHandle;
  let oauth: OAuthSandbox;
  let running: RunningSandbox;
  let server: Server;
  let serviceUrl: string;
  let service: ReturnType<typeof oauthService>;
  let jobs: RecordingQueue;
  const cipher = new TokenCipher(encryptionKey(Buffer.alloc(32, 3)));

  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());

  beforeEach(async () => {
    for (const installation of await listInstallations(handle.db)) await deleteInstallation(handle.db, installation.portalId);
    jobs = new RecordingQueue();
    let forget: (portalId: number) => void = () => undefined;
    const lifecycle = appLifecycleModule({ clientSecret: oauthApp.clientSecret, jobs, retentionDays: 30, forgetTokens: (portalId) => forget(portalId) });
    const portals = [
      createSandbox({ fixture: portalFixture(4242, ['Alder Labs']), rateLimit: false }),
      createSandbox({ fixture: portalFixture(5151, ['Cedar Inc']), rateLimit: false }),
    ];
    // The sandbox posts to the service and the service calls the sandbox: the server forwards to the app built below.
    server = createServer((request, response) => void service.app(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    oauth = createOAuthSandbox({ app: oauthApp, portals, appLifecycle: { targetUrl: `${serviceUrl}${appLifecyclePath}`, clientSecret: oauthApp.clientSecret } });
    running = await oauth.start(0);
    service = oauthService(handle.db, running.url, Date.now, cipher, [lifecycle]);
    forget = (portalId) => service.tokens.forget(portalId);
    await installPortal(service.app, 4242);
    await installPortal(service.app, 5151);
  });
  afterEach(async () => {
    await running.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('stops the portal at once and schedules its data for deletion after the retention period', async () => {
    expect(await service.tokens.accessTokenFor(4242)).toMatch(/^CO/);
    const before = Date.now();
    expect(await oauth.uninstallByUser(4242)).toBe(200);

    const installation = await findInstallation(handle.db, 4242);
    expect(installation).toMatchObject({ status: 'uninstalled', statusReason: 'app_uninstalled' });
    const due = installation?.dataDeletionDueAt?.getTime() ?? 0;
    expect(due).toBeGreaterThanOrEqual(before + 30 * day);
    expect(due).toBeLessThanOrEqual(Date.now() + 30 * day);
    expect(jobs.sent).toEqual([{ name: 'portal.purge', data: { portalId: 4242 }, options: { startAfterSeconds: expect.any(Number) } }]);
    expect(jobs.sent[0]?.options?.startAfterSeconds).toBeGreaterThan(30 * 86_400 - 60);

    expect((await listPortalAccess(handle.db)).find((portal) => portal.portalId === 4242)).toMatchObject({ access: 'uninstalled', dataDeletionDueAt: installation?.dataDeletionDueAt });
    await expect(service.tokens.accessTokenFor(4242)).rejects.toBeInstanceOf(ReinstallRequiredError);
    await expect(service.clients.hubspotClientFor(4242)).rejects.toThrow(/app_uninstalled/);
    expect(await service.tokens.accessTokenFor(5151)).toMatch(/^CO/);
    // The schedules skip it: no health run (and so no write-back) for an uninstalled portal.
    const health = await recomputeMissingScores({ db: handle.db, logger: createLogger('silent') });
    expect(health.recomputedPortalIds).not.toContain(4242);
  });

  it('stays uninstalled when a refresh refused meanwhile marks nothing over it', async () => {
    const stored = await findInstallation(handle.db, 4242);
    await oauth.uninstallByUser(4242);
    // A job that still held the portal refreshes after HubSpot dropped its tokens.
    service.tokens.forget(4242);
    await expect(service.oauthApi.refresh(cipher.decrypt(stored?.refreshTokenSealed ?? '', tokenContext(4242, 'refresh_token')))).rejects.toMatchObject({ error: 'invalid_grant' });
    await markInstallationNeedsReinstall(handle.db, 4242, 'invalid_grant');
    expect(await findInstallation(handle.db, 4242)).toMatchObject({ status: 'uninstalled', statusReason: 'app_uninstalled' });
  });

  it('takes a redelivered event once: the first dates stay', async () => {
    await oauth.uninstallByUser(4242);
    const first = await findInstallation(handle.db, 4242);
    await oauth.uninstallByUser(4242);
    expect((await findInstallation(handle.db, 4242))?.dataDeletionDueAt).toEqual(first?.dataDeletionDueAt);
  });

  it('deletes the data when the period is over, not before, and keeps it when the portal installed again', async () => {
    await oauth.uninstallByUser(4242);
    await oauth.uninstallByUser(5151);
    const purge = (portalId: number, now: number) => purgeUninstalledPortal({ db: handle.db, work: jobBackedWork(jobs), now: () => now }, portalId);
    expect(await purge(4242, Date.now())).toEqual({ kind: 'kept', reason: 'not_due' });
    expect(jobs.sent.at(-1)).toMatchObject({ name: 'portal.purge', data: { portalId: 4242 } });

    await installPortal(service.app, 5151);
    expect(await findInstallation(handle.db, 5151)).toMatchObject({ status: 'active', dataDeletionDueAt: null });
    expect(await purge(5151, Date.now() + 31 * day)).toEqual({ kind: 'kept', reason: 'reinstalled' });

    const deleted = await purge(4242, Date.now() + 31 * day);
    expect(deleted).toMatchObject({ kind: 'deleted', rows: { installations: 1, portals: 1 } });
    expect(await findPortal(handle.db, 4242)).toBeUndefined();
    expect(await findPortal(handle.db, 5151)).toBeDefined();
    expect(await purge(4242, Date.now() + 32 * day)).toEqual({ kind: 'kept', reason: 'gone' });
  });

  it('refuses an unsigned report, and checks each event alone', async () => {
    const url = `${serviceUrl}${appLifecyclePath}`;
    const body = JSON.stringify([
      { eventId: 1, subscriptionId: 2, portalId: 4242, appId: 3, occurredAt: Date.now(), subscriptionType: 'APP_LIFECYCLE_EVENT', eventTypeId: '4-1916193', attemptNumber: 0 },
      { eventId: 2, portalId: 'x', subscriptionType: 'APP_LIFECYCLE_EVENT' },
      { eventId: 3, subscriptionId: 2, portalId: 5151, appId: 3, occurredAt: Date.now(), subscriptionType: 'APP_LIFECYCLE_EVENT', eventTypeId: '4-1909196', attemptNumber: 0 },
    ]);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect((await findInstallation(handle.db, 4242))?.status).toBe('active');

    const timestamp = String(Date.now());
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-HubSpot-Request-Timestamp': timestamp, 'X-HubSpot-Signature-v3': signatureV3(oauthApp.clientSecret, 'POST', url, body, timestamp) },
      body,
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ received: 3, uninstalled: 1, other_event: 1, invalid: [{ index: 1 }] });
    expect((await findInstallation(handle.db, 5151))?.status).toBe('active');
  });
});
