import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { digestModule } from '../../src/http/routes/digest-routes';
import { previewModule } from '../../src/http/routes/preview-routes';
import { changeSettings } from '../../src/services/settings/settings-service';
import { digestTestSettings, seedDigestPortal } from '../digests/digest-seed';
import { ifStarted } from '../support/if-started';
import { openMemoryDatabase } from '../support/pglite-template';
import { expectNoCodeNames } from './code-names';

const portalId = 612;
const chromiumPath = '/usr/bin/chromium';
const chromiumInstalled = existsSync(chromiumPath);
if (!chromiumInstalled && process.env.CI)
  throw new Error(`${chromiumPath} is missing: install Debian's chromium package to run the end-to-end test`);
// Gitignored: the page as a CSM sees it, to look at after a run.
const screenshots = new URL('../../test-results/digests/', import.meta.url).pathname;
const subjects = [
  'Daily customer digest for your companies: Dec 6, 2026',
  'Daily customer digest for your companies: Dec 6, 2026',
  'Weekly customer digest for the portfolio: Nov 30, 2026 to Dec 6, 2026',
];

describe('the digests page of the browser preview', () => {
  let handle: DatabaseHandle;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    handle = await openMemoryDatabase();
    await seedDigestPortal(handle, portalId);
    await changeSettings(handle.db, portalId, 'digests', digestTestSettings, 'test');
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: createLogger('silent'),
      portalId,
      modules: [
        previewModule({ enabled: true, warmUp: false, now: () => Date.parse('2026-12-07T09:00:00Z') }),
        digestModule(),
      ],
    });
  }, 120_000);
  afterAll(async () => ifStarted(handle)?.close());

  it('lists every recipient with the subject, the period and the mail escaped inside a sandboxed frame', async () => {
    const page = await request(app).get('/preview/digests').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const name of ['Aiko Sato &lt;aiko@example.com&gt;', 'Ben Ito', 'lead@example.com'])
      expect(page.text).toContain(name);
    expect(page.text.match(/data-testid="digest"/g)).toHaveLength(3);
    for (const subject of new Set(subjects)) expect(page.text).toContain(subject);
    expect(page.text).toContain('sandbox=""');
    // Inline styles for the mails only; scripts stay refused, as on every other page.
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("script-src-attr 'none'");
    const portfolio = await request(app).get('/').expect(200);
    expect(String(portfolio.headers['content-security-policy'])).toContain("style-src 'self';");
    // The company named <script>…</script> is escaped in the mail, and the mail again in the srcdoc attribute.
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('&amp;lt;script&amp;gt;alert(1)');
    expect(page.text).toContain('href="/preview/digests"');
  });

  it('shows the manager digest as an example, sent to nobody, while no manager address is set', async () => {
    await changeSettings(
      handle.db,
      portalId,
      'digests',
      { ...digestTestSettings, manager: { ...digestTestSettings.manager, recipients: [] } },
      'test',
    );
    try {
      const page = await request(app).get('/preview/digests').expect(200);
      expect(page.text.match(/data-testid="digest"/g)).toHaveLength(3);
      expect(page.text.match(/data-testid="digest-example"/g)).toHaveLength(1);
      expect(page.text).toContain('Nobody yet: no manager address is set');
      expect(page.text).toContain('Weekly customer digest for the portfolio');
      expect(page.text).not.toContain('example.invalid');
      // The API's preview lists only the digests that would go out.
      const digests = await request(app).get('/api/v1/digests/preview').query({ sentOn: '2026-12-07' }).expect(200);
      expect(JSON.stringify(digests.body)).not.toContain('example.invalid');
    } finally {
      await changeSettings(handle.db, portalId, 'digests', digestTestSettings, 'test');
    }
  });

  it('shows another day when asked and refuses a day that is not a date', async () => {
    const page = await request(app).get('/preview/digests?sentOn=2026-12-08').expect(200);
    expect(page.text).toContain('if the digests went out on Dec 8, 2026');
    const wrong = await request(app).get('/preview/digests?sentOn=tomorrow').expect(400);
    expect(JSON.stringify(wrong.body)).toContain('sentOn');
  });

  describe.skipIf(!chromiumInstalled)('in headless Chromium', () => {
    let server: Server;
    let browser: Browser;

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      server = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox'] });
    }, 60_000);
    afterAll(async () => {
      await ifStarted(browser)?.close();
      const started = ifStarted(server);
      if (started) await new Promise<void>((resolve) => started.close(() => resolve()));
    });

    it('renders each mail in its frame, in words a CSM reads', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/preview/digests`);
      const frames = page.locator('iframe.digest-mail');
      expect(await frames.count()).toBe(3);
      const aiko = page.frameLocator('iframe[name="digest-0"]').locator('body');
      await expect.poll(() => aiko.innerText()).toContain('Health band changes');
      const aikoText = await aiko.innerText();
      expect(aikoText).toContain('Acme: Healthy (75) to At risk (35)');
      expect(aikoText).toContain('<script>alert(1)</script> Ltd');
      const manager = await page.frameLocator('iframe[name="digest-2"]').locator('body').innerText();
      expect(manager).toContain('Renewals in the next 30 days');
      const outer = await page.locator('main').innerText();
      for (const text of [outer, aikoText, manager]) expectNoCodeNames(text);
      await page.screenshot({ path: `${screenshots}digests-page.png`, fullPage: true });
      await page.close();
    }, 60_000);
  });
});
