import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { encryptionKey, TokenCipher } from '../../src/config/secrets/token-cipher';
import type { DatabaseHandle } from '../../src/db/client';
import {
  deleteInstallation,
  findInstallation,
  listInstallations,
  markInstallationNeedsReinstall,
} from '../../src/db/repositories/installations-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { saveJournalOffset } from '../../src/db/repositories/webhooks-journal-repository';
import { createWebhooksJournalApi, type WebhooksJournalApi } from '../../src/hubspot/webhooks-journal/journal-api';
import { recomputeMissingScores } from '../../src/jobs/health-schedule';
import type { JobHandlers } from '../../src/jobs/job-definitions';
import { jobBackedWork } from '../../src/jobs/background-work';
import { serviceJobHandlers } from '../../src/jobs/service-job-handlers';
import { createOAuthSandbox, type OAuthSandbox } from '../../src/sandbox/oauth-sandbox';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { ReinstallRequiredError } from '../../src/services/install/install-errors';
import { purgeUninstalledPortal } from '../../src/services/install/app-uninstalled';
import { pollJournalUninstalls } from '../../src/services/install/journal-uninstalls';
import { tokenContext } from '../../src/services/install/oauth-settings';
import { listPortalAccess } from '../../src/services/install/portal-listing';
import { databaseTargets } from '../support/databases';
import { oauthApp, portalFixture } from './oauth-harness';
import { installPortal, oauthService } from './service-harness';
import { RecordingJobQueue } from '../support/recording-job-queue';

const day = 86_400_000;
const job = { jobId: 'test', retryCount: 0 };

describe.each(databaseTargets)(
  'an uninstall made inside HubSpot, read from its webhooks journal, on $name',
  (target) => {
    let handle: DatabaseHandle;
    let oauth: OAuthSandbox;
    let running: RunningSandbox;
    let service: ReturnType<typeof oauthService>;
    let jobs: RecordingJobQueue;
    let journal: WebhooksJournalApi;
    let handlers: JobHandlers;
    const cipher = new TokenCipher(encryptionKey(Buffer.alloc(32, 3)));
    const poll = () =>
      pollJournalUninstalls({
        db: handle.db,
        work: jobBackedWork(jobs),
        journal,
        retentionDays: 30,
        forgetTokens: (portalId) => service.tokens.forget(portalId),
      });

    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    beforeEach(async () => {
      for (const installation of await listInstallations(handle.db))
        await deleteInstallation(handle.db, installation.portalId);
      await saveJournalOffset(handle.db, 'global', null);
      jobs = new RecordingJobQueue();
      const portals = [
        createSandbox({ fixture: portalFixture(4242, ['Alder Labs']), rateLimit: false }),
        createSandbox({ fixture: portalFixture(5151, ['Cedar Inc']), rateLimit: false }),
      ];
      oauth = createOAuthSandbox({ app: oauthApp, portals });
      running = await oauth.start(0);
      service = oauthService(handle.db, running.url, Date.now, cipher);
      journal = createWebhooksJournalApi({ oauth: service.oauthApi, baseUrl: running.url, retry: { retries: 0 } });
      handlers = serviceJobHandlers({
        db: handle.db,
        logger: createLogger('silent'),
        jobs,
        hubspotClient: (portalId) => service.clients.hubspotClientFor(portalId),
        journalUninstalls: { journal, retentionDays: 30, forgetTokens: (portalId) => service.tokens.forget(portalId) },
      });
      await installPortal(service.app, 4242);
      await installPortal(service.app, 5151);
      // The first poll subscribes the app to uninstalls; HubSpot journals nothing for an app that is not subscribed.
      await handlers['journal.poll']?.({}, job);
    });
    afterEach(async () => running.close());

    it("stops the portal's syncs at the next poll and schedules its data for deletion after the retention period", async () => {
      expect(await service.tokens.accessTokenFor(4242)).toMatch(/^CO/);
      const before = Date.now();
      oauth.uninstallByUser(4242);
      await handlers['journal.poll']?.({}, job);

      const installation = await findInstallation(handle.db, 4242);
      expect(installation).toMatchObject({ status: 'uninstalled', statusReason: 'app_uninstalled' });
      const due = installation?.dataDeletionDueAt?.getTime() ?? 0;
      expect(due).toBeGreaterThanOrEqual(before + 30 * day);
      expect(due).toBeLessThanOrEqual(Date.now() + 30 * day);
      expect(jobs.sent).toEqual([
        { name: 'portal.purge', data: { portalId: 4242 }, options: { startAfterSeconds: expect.any(Number) } },
      ]);
      expect(jobs.sent[0]?.options?.startAfterSeconds).toBeGreaterThan(30 * 86_400 - 60);

      expect((await listPortalAccess(handle.db)).find((portal) => portal.portalId === 4242)).toMatchObject({
        access: 'uninstalled',
        dataDeletionDueAt: installation?.dataDeletionDueAt,
      });
      await expect(service.tokens.accessTokenFor(4242)).rejects.toBeInstanceOf(ReinstallRequiredError);
      // The scheduled sync of the portal no longer reaches HubSpot; the other portal's does.
      await expect(handlers['sync.incremental']?.({ portalId: 4242 }, job)).rejects.toMatchObject({
        name: 'ReinstallRequiredError',
        reason: 'app_uninstalled',
      });
      await expect(handlers['sync.incremental']?.({ portalId: 5151 }, job)).resolves.toBeUndefined();
      expect(await service.tokens.accessTokenFor(5151)).toMatch(/^CO/);
      // The schedules skip it: no health run (and so no write-back) for an uninstalled portal.
      const health = await recomputeMissingScores({ db: handle.db, logger: createLogger('silent') });
      expect(health.recomputedPortalIds).not.toContain(4242);
    });

    it('reads each journal entry once, and an entry read again changes nothing', async () => {
      oauth.uninstallByUser(4242);
      expect(await poll()).toMatchObject({ entries: 1, uninstalls: { uninstalled: 1 } });
      const first = await findInstallation(handle.db, 4242);
      expect(await poll()).toMatchObject({ entries: 0 });
      // A crash before the offset was saved: the entry is read again, and the first dates stay.
      await saveJournalOffset(handle.db, 'global', null);
      expect(await poll()).toMatchObject({ entries: 1, uninstalls: { already_uninstalled: 1 } });
      expect((await findInstallation(handle.db, 4242))?.dataDeletionDueAt).toEqual(first?.dataDeletionDueAt);
    });

    it('reads from the earliest entry again when HubSpot no longer holds the saved offset', async () => {
      await saveJournalOffset(handle.db, 'global', '00000000-0000-4000-8000-000000000000');
      oauth.uninstallByUser(5151);
      expect(await poll()).toMatchObject({ entries: 1, uninstalls: { uninstalled: 1 } });
      expect((await findInstallation(handle.db, 5151))?.status).toBe('uninstalled');
    });

    it('stays uninstalled when a refresh refused meanwhile marks nothing over it', async () => {
      const stored = await findInstallation(handle.db, 4242);
      oauth.uninstallByUser(4242);
      await poll();
      // A job that still held the portal refreshes after HubSpot dropped its tokens.
      service.tokens.forget(4242);
      await expect(
        service.oauthApi.refresh(cipher.decrypt(stored?.refreshTokenSealed ?? '', tokenContext(4242, 'refresh_token'))),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
      await markInstallationNeedsReinstall(handle.db, 4242, 'invalid_grant');
      expect(await findInstallation(handle.db, 4242)).toMatchObject({
        status: 'uninstalled',
        statusReason: 'app_uninstalled',
      });
    });

    it('deletes the data when the period is over, not before, and keeps it when the portal installed again', async () => {
      oauth.uninstallByUser(4242);
      oauth.uninstallByUser(5151);
      expect(await poll()).toMatchObject({ entries: 2, uninstalls: { uninstalled: 2 } });
      const purge = (portalId: number, now: number) =>
        purgeUninstalledPortal({ db: handle.db, work: jobBackedWork(jobs), now: () => now }, portalId);
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
  },
);
