import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { listSentDigests } from '../../src/db/repositories/sent-digests-repository';
import { createApp } from '../../src/http/app';
import { digestModule } from '../../src/http/routes/digest-routes';
import { settingsModule } from '../../src/http/routes/settings-routes';
import { sendDueDigests, type DigestDeliveryContext } from '../../src/services/digests/deliver-digests';
import { smtpMailer, type DigestMailer } from '../../src/services/digests/smtp-mailer';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { webhookSignature } from '../../src/services/playbooks/run-steps';
import { changeSettings } from '../../src/services/settings/settings-service';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { present } from '../support/present';
import { digestTestSettings, seedDigestPortal } from './digest-seed';

const portalId = 611;
const logger = createLogger('silent');
const secret = 'digest-signing-secret-0123456789';
// Monday 7 December 2026, 09:00 UTC: a daily digest set for 08:00 is due, covering Sunday the 6th.
const now = () => Date.parse('2026-12-07T09:00:00Z');
const postgres = databaseTargets.filter((target) => target.name === 'postgres');

interface Received {
  readonly to: string;
  readonly raw: string;
}

interface Posted {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

describe.runIf(postgres.length > 0).each(postgres)('digests on $name', (target) => {
  let handle: DatabaseHandle;
  let smtp: SMTPServer;
  let smtpUrl: string;
  let hook: Server;
  let hookUrl: string;
  let app: Express;
  let apiKey: string;
  const received: Received[] = [];
  const posted: Posted[] = [];
  const mailers: DigestMailer[] = [];

  const worker = (overrides: Partial<DigestDeliveryContext> = {}): DigestDeliveryContext => {
    const mailer = smtpMailer(smtpUrl);
    mailers.push(mailer);
    return { db: handle.db, logger, mailer, webhookSecret: secret, now, ...overrides };
  };

  beforeAll(async () => {
    handle = await target.open();
    await seedDigestPortal(handle, portalId);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          for (const to of session.envelope.rcptTo)
            received.push({ to: to.address, raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    hook = createServer((incoming, answer) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        posted.push({ headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
        answer.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/digests`;
    const stored = await changeSettings(
      handle.db,
      portalId,
      'digests',
      { ...digestTestSettings, webhook: { url: hookUrl } },
      'test',
    );
    expect(stored.stored).toBe(true);
    apiKey = (await createApiKey(handle.db, portalId, 'digests', 'api')).key;
    app = createApp({
      db: handle.db,
      logger,
      apiAuth: 'keys',
      modules: [settingsModule(), digestModule()],
      rateLimits: { windowSeconds: 60, perIp: 0, perIngestionKey: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    for (const mailer of mailers) mailer.close();
    await new Promise((resolve) => ifStarted(smtp)?.close(() => resolve(undefined)) ?? resolve(undefined));
    ifStarted(hook)?.close();
    await ifStarted(handle)?.close();
  });

  it('sends each digest once by email and by webhook with two workers at once, and nothing on a retry', async () => {
    const [first, second] = await Promise.all([sendDueDigests(worker(), portalId), sendDueDigests(worker(), portalId)]);
    // Aiko and Ben (CSMs looking after customers; Dana in sales owns a customer and a prospect but is no CSM) daily,
    // the manager weekly on Mondays; two channels each.
    expect(first.sent + second.sent).toBe(6);
    expect(received.map((mail) => mail.to).sort()).toEqual(['aiko@example.com', 'ben@example.com', 'lead@example.com']);
    expect(posted).toHaveLength(3);
    const aiko = present(
      received.find((mail) => mail.to === 'aiko@example.com'),
      "Aiko's email",
    );
    expect(aiko.raw).toContain('Subject: Daily customer digest for your companies');
    expect(aiko.raw).toContain('Acme');
    expect(aiko.raw).toContain('Usage');
    expect(aiko.raw).not.toContain('Initech');
    expect(aiko.raw).toContain('&lt;script&gt;');
    const again = await sendDueDigests(worker(), portalId);
    expect(again).toMatchObject({ sent: 0, alreadyDone: 6 });
    expect(received).toHaveLength(3);
    expect(posted).toHaveLength(3);
    const rows = await listSentDigests(handle.db, portalId);
    expect(rows.filter((row) => row.state === 'sent')).toHaveLength(6);
  }, 60_000);

  it('signs each webhook delivery over its timestamp and body', () => {
    for (const delivery of posted) {
      const timestamp = String(delivery.headers['x-digest-timestamp']);
      expect(delivery.headers['x-digest-signature']).toBe(webhookSignature(secret, timestamp, delivery.body));
      const payload = JSON.parse(delivery.body) as { kind: string; digest: { portalId: number } };
      expect(payload).toMatchObject({ kind: 'digest', digest: { portalId } });
    }
    const manager = posted.find((delivery) => delivery.body.includes('lead@example.com'));
    expect(present(manager, 'the manager webhook').body).toContain('"cadence":"weekly"');
  });

  it('sends after a failure only what failed, on the retry', async () => {
    const tomorrow = () => Date.parse('2026-12-08T09:00:00Z');
    const failing: DigestMailer = {
      send: (email) =>
        email.to === 'ben@example.com'
          ? Promise.reject(new Error('mailbox unavailable'))
          : present(mailers[0], 'a mailer').send(email),
      close: () => undefined,
    };
    const before = received.length;
    await expect(sendDueDigests(worker({ mailer: failing, now: tomorrow }), portalId)).rejects.toThrow(
      /email to ben@example.com: mailbox unavailable/,
    );
    expect(received.length - before).toBe(1);
    const retry = await sendDueDigests(worker({ now: tomorrow }), portalId);
    expect(retry.sent).toBe(1);
    expect(
      received
        .slice(before)
        .map((mail) => mail.to)
        .sort(),
    ).toEqual(['aiko@example.com', 'ben@example.com']);
  }, 60_000);

  it('keeps a delivery that went out but could not be recorded, so the retry does not send it again', async () => {
    // The next Monday: the manager's weekly digest covers the week of the 7th.
    const nextMonday = () => Date.parse('2026-12-14T09:00:00Z');
    // The database refuses to record the manager's email as sent (every try), as a lost connection would.
    await handle.db.execute(sql`create or replace function refuse_lead_settle() returns trigger language plpgsql as $$
      begin
        if new.state <> 'claimed' and new.recipient = 'lead@example.com' and new.channel = 'email' then
          raise exception 'connection lost';
        end if;
        return new;
      end $$`);
    await handle.db.execute(sql`create trigger refuse_lead_settle before update on sent_digests
      for each row execute function refuse_lead_settle()`);
    const before = received.length;
    try {
      await expect(sendDueDigests(worker({ now: nextMonday }), portalId)).rejects.toThrow(
        /email to lead@example.com: sent, but not recorded/,
      );
    } finally {
      await handle.db.execute(sql`drop trigger refuse_lead_settle on sent_digests`);
    }
    const toLead = () => received.slice(before).filter((mail) => mail.to === 'lead@example.com');
    expect(toLead()).toHaveLength(1);
    const retry = await sendDueDigests(worker({ now: nextMonday }), portalId);
    expect(retry.sent).toBe(0);
    expect(toLead()).toHaveLength(1);
  }, 60_000);

  it('gives up on a mail server that never answers, so a send never outlives its claim', async () => {
    const silent = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mailer = smtpMailer(`smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, { greetingTimeout: 300 });
    try {
      const email = { from: 'digest@example.com', to: 'x@example.com', subject: 's', text: 't', html: 'h' };
      await expect(mailer.send({ ...email, messageId: 'silent@cs-digest' })).rejects.toThrow(/refused the digest/);
    } finally {
      mailer.close();
      silent.close();
    }
  });

  it('previews each digest over the API, one recipient when asked', async () => {
    const all = await request(app)
      .get('/api/v1/digests/preview?sentOn=2026-12-07')
      .set('Authorization', `Bearer ${apiKey}`);
    expect(all.status).toBe(200);
    expect(all.body.digests.map((digest: { recipient: { address: string } }) => digest.recipient.address)).toEqual([
      'aiko@example.com',
      'ben@example.com',
      'lead@example.com',
    ]);
    const one = await request(app)
      .get('/api/v1/digests/preview?sentOn=2026-12-07&recipient=ben@example.com')
      .set('Authorization', `Bearer ${apiKey}`);
    expect(one.status).toBe(200);
    expect(one.body.digests).toHaveLength(1);
    // Initech is owned by Dana in sales; Ben, its CSM since the hand-off, reads of it.
    expect(one.body.digests[0].sections.bandChanges[0]).toMatchObject({ companyName: 'Initech', bandNow: 'red' });
    const sales = await request(app)
      .get('/api/v1/digests/preview?sentOn=2026-12-07&recipient=dana@example.com')
      .set('Authorization', `Bearer ${apiKey}`);
    expect(sales.status).toBe(404);
    const nobody = await request(app)
      .get('/api/v1/digests/preview?recipient=nobody@example.com')
      .set('Authorization', `Bearer ${apiKey}`);
    expect(nobody.status).toBe(404);
  });

  it('refuses invalid digest settings with a 400 naming the field', async () => {
    const response = await request(app)
      .put('/api/v1/settings/digests')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ manager: { cadence: 'hourly', recipients: ['not-an-address'] } });
    expect(response.status).toBe(400);
    const fields = (response.body.error.details.fields as Array<{ field: string }>).map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['manager.cadence', 'manager.recipients.0']));
    expect(response.body.error.message).toContain('manager.recipients.0');
  });
});
