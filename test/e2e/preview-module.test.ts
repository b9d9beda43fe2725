import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { openMemoryDatabase } from '../support/pglite-template';
import { createApp } from '../../src/http/app';
import { previewApiPath, previewModule } from '../../src/http/routes/preview-routes';
import { portalA, seedTwoPortals } from '../card/card-seed';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import { companies, owners } from '../../src/db/schema';

const logger = createLogger('silent');
const now = Date.parse('2026-03-31T03:00:00Z');

describe('preview module', () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openMemoryDatabase();
    await seedTwoPortals(handle.db);
  });
  afterAll(async () => handle.close());
  const enabledPreview = () =>
    createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      portalId: portalA,
      modules: [previewModule({ enabled: true, warmUp: false, now: () => now })],
    });

  it('mounts nothing when disabled: no unsigned card API, no pages', async () => {
    const app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      portalId: portalA,
      modules: [previewModule({ enabled: false })],
    });
    await request(app).get(`${previewApiPath}?companyId=1001`).expect(404);
    await request(app).get('/').expect(404);
    await request(app).get('/preview/companies/1001').expect(404);
  });

  it('serves the configured portal only, with pages escaping company names', async () => {
    const app = enabledPreview();
    const card = await request(app).get(`${previewApiPath}?companyId=1001`).expect(200);
    expect(card.body.company).toEqual({ id: '1001', name: 'Acme KK', status: 'customer' });
    await request(app).get(`${previewApiPath}?companyId=2001`).expect(404);
    const portfolio = await request(app).get('/').query({ q: '<script>' }).expect(200);
    expect(portfolio.text).toContain('value="&lt;script&gt;"');
    const list = await request(app).get('/').expect(200);
    expect(list.text).toContain('href="/preview/companies/1001"');
    expect(list.text).not.toContain('Other Portal');
    await request(app).get('/preview/companies/abc').expect(400);
    // Another portal's company, as a mistyped one: to a browser, a page saying so with the way back; to any other
    // client, the API's error.
    const notFound = await request(app).get('/preview/companies/2001').expect(404).expect('content-type', /json/);
    expect(notFound.body.error.code).toBe('not_found');
    const missing = await request(app)
      .get('/preview/companies/2001')
      .set('accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
      .expect(404)
      .expect('content-type', /html/);
    expect(missing.text).toContain(`Portal ${portalA} has no company with the record ID 2001`);
    expect(missing.text).toContain('href="/"');
    expect(missing.text).not.toContain('Other Portal');
  });

  /** One company's row of the preview's company list. */
  const listRow = (page: string, companyId: string) =>
    new RegExp(`<tr data-company-id="${companyId}">[\\s\\S]*?<\\/tr>`).exec(page)?.[0] ?? '';

  it("names each company's CSM in the list: the one assigned at hand-off, else the owner", async () => {
    await handle.db.insert(owners).values([
      { portalId: portalA, id: 'sales-1', firstName: 'Sara', lastName: 'Seller' },
      { portalId: portalA, id: 'csm-1', firstName: 'Chris', lastName: 'Carer' },
    ]);
    await handle.db
      .update(companies)
      .set({ ownerId: 'sales-1' })
      .where(and(eq(companies.portalId, portalA), eq(companies.id, '1001')));
    const rowOf = (text: string) => listRow(text, '1001');
    const before = rowOf((await request(enabledPreview()).get('/').expect(200)).text);
    expect(before).toContain('Sara Seller');
    await assignCsmAtHandoff(handle.db, portalA, '1001', 'csm-1');
    const page = (await request(enabledPreview()).get('/').expect(200)).text;
    expect(page).toContain('<th>CSM</th>');
    expect(rowOf(page)).toContain('Chris Carer');
    expect(rowOf(page)).not.toContain('Sara Seller');
  });

  it('names no CSM for a prospect nobody handed off: its owner is selling to it', async () => {
    await handle.db.insert(owners).values({ portalId: portalA, id: 'sales-2', firstName: 'Pat', lastName: 'Pitch' });
    await handle.db
      .update(companies)
      .set({ ownerId: 'sales-2' })
      .where(and(eq(companies.portalId, portalA), eq(companies.id, '1002')));
    const rowOf = (text: string) => listRow(text, '1002');
    const prospect = rowOf((await request(enabledPreview()).get('/').expect(200)).text);
    expect(prospect).toContain('Prospect');
    expect(prospect).toContain('Not handed off yet');
    expect(prospect).not.toContain('Pat Pitch');
    // Handed off early (the card's "Start onboarding"), it has its CSM while still a prospect.
    await assignCsmAtHandoff(handle.db, portalA, '1002', 'csm-1');
    expect(rowOf((await request(enabledPreview()).get('/').expect(200)).text)).toContain('Chris Carer');
  });

  it('lists the companies by name, a page at a time', async () => {
    const names = (text: string) =>
      [...text.matchAll(/<a class="record-link" href="\/preview\/companies\/\d+">([^<]*)<\/a/g)].map(
        (match) => match[1] ?? '',
      );
    const first = names((await request(enabledPreview()).get('/').expect(200)).text);
    expect(first.length).toBeGreaterThan(1);
    expect(first).toEqual([...first].sort((left, right) => left.toLowerCase().localeCompare(right.toLowerCase())));
    const beyond = (await request(enabledPreview()).get('/').query({ page: 2 }).expect(200)).text;
    expect(names(beyond)).toEqual([]);
    expect(beyond).toContain('No company matches.');
    expect(beyond).toContain('href="/?page=1"');
    const invalid = await request(enabledPreview()).get('/').query({ page: 0 }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('page');
  });

  it('serves the card bundle gzipped when accepted, immutable only at the URL naming its build', async () => {
    const app = enabledPreview();
    const page = await request(app).get('/preview/companies/1001').expect(200);
    const src = /src="(\/preview\/assets\/card\.js)\?v=([^"]+)"/.exec(page.text);
    if (!src?.[1] || !src[2]) throw new Error(`the card page names no script: ${page.text.slice(0, 400)}`);
    const hashed = await request(app).get(src[1]).query({ v: src[2] }).set('accept-encoding', 'gzip').expect(200);
    expect(hashed.headers['content-encoding']).toBe('gzip');
    expect(hashed.headers['cache-control']).toContain('immutable');
    const plain = await request(app).get(src[1]).set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.text.length).toBeGreaterThan(0);
  }, 60_000);
});
