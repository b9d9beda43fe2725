import { randomUUID } from 'node:crypto';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { countCsmLoads } from '../../db/repositories/csm-assignments-repository';
import { listOwnerContacts } from '../../db/repositories/digest-facts-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import {
  claimDigestDelivery,
  listSettledDeliveries,
  releaseDigestDelivery,
  settleDigestDelivery,
  type DigestDeliveryKey,
} from '../../db/repositories/sent-digests-repository';
import { composeDigest, isEmptyDigest, type DigestFacts } from '../../domain/digests/compose-digest';
import { digestPeriodKey, dueDigestPeriod, localHour, type DigestPeriod } from '../../domain/digests/digest-schedule';
import type { Digest } from '../../domain/digests/digest-schema';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { webhookSignature } from '../playbooks/run-steps';
import { ServiceError } from '../service-error';
import { loadPortalSettings } from '../settings/settings-service';
import { loadDigestFacts } from './digest-facts';
import { digestRecipients } from './digest-recipients';
import { renderDigest } from './render-digest';
import type { DigestMailer } from './smtp-mailer';

// A claim this young belongs to a worker that may still be talking to the mail server.
const claimLeaseMs = 5 * 60_000;
const settleAttempts = 3;

export interface DigestDeliveryContext {
  readonly db: Database;
  readonly logger: Logger;
  /** Absent when SMTP_URL is unset: email delivery is skipped, saying so. */
  readonly mailer?: DigestMailer;
  /** Signs the webhook deliveries (as the playbooks' are signed); without it the webhook is skipped, saying so. */
  readonly webhookSecret?: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  readonly claimLeaseMs?: number;
}

export interface DigestRunResult {
  readonly due: number;
  readonly sent: number;
  readonly empty: number;
  readonly alreadyDone: number;
  readonly failed: number;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A few tries: a delivery left unrecorded is sent again once its claim's lease runs out. */
async function settleWithRetry(
  db: Database,
  key: DigestDeliveryKey,
  claim: string,
  state: 'sent' | 'empty',
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await settleDigestDelivery(db, key, claim, state);
      return;
    } catch (error) {
      if (attempt >= settleAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function postWebhook(context: DigestDeliveryContext, url: string, secret: string, digest: Digest, key: string) {
  const body = JSON.stringify({ kind: 'digest', digest });
  const timestamp = String(Date.now());
  const answer = await (context.fetch ?? globalThis.fetch)(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-digest-timestamp': timestamp,
      'x-digest-signature': webhookSignature(secret, timestamp, body),
      'idempotency-key': key,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!answer.ok) throw new Error(`The digest webhook answered ${answer.status}`);
}

/**
 * Sends the portal's digests due at this hour of its time zone, each (recipient, period, channel) once: claimed
 * before sending, recorded after, so a retried job or a second replica sends nothing twice. A failed delivery is
 * released and the run throws, so the job's retry sends what is left; a delivery that went out keeps its claim even
 * when recording it failed, so the retry does not send it again.
 */
export async function sendDueDigests(context: DigestDeliveryContext, portalId: number): Promise<DigestRunResult> {
  const result = { due: 0, sent: 0, empty: 0, alreadyDone: 0, failed: 0 };
  const portal = await findPortal(context.db, portalId);
  if (portal === undefined) return result;
  const settings = (await loadPortalSettings(context.db, portalId)).digests;
  const now = context.now?.() ?? Date.now();
  const local = { date: instantToLocalDate(now, portal.timeZone), hour: localHour(now, portal.timeZone) };
  const due = (['csm', 'manager'] as const).flatMap((audience) => {
    const period = dueDigestPeriod(settings[audience], local);
    return period === null ? [] : [{ audience, period }];
  });
  if (due.length === 0) return result;
  const channels: Array<'email' | 'webhook'> = [];
  if (settings.email.enabled && context.mailer) channels.push('email');
  else if (settings.email.enabled) context.logger.warn({ portalId }, 'digests by email are on but SMTP_URL is not set');
  const webhookUrl = settings.webhook.url;
  if (webhookUrl !== null && context.webhookSecret) channels.push('webhook');
  else if (webhookUrl !== null)
    context.logger.warn(
      { portalId },
      'a digest webhook is set but no signing secret (DIGEST_WEBHOOK_SECRET or PLAYBOOK_WEBHOOK_SECRET)',
    );
  const [owners, csmLoads] = await Promise.all([
    listOwnerContacts(context.db, portalId),
    countCsmLoads(context.db, portalId, local.date),
  ]);
  const recipients = digestRecipients(settings, owners, csmLoads);
  const settled = await listSettledDeliveries(
    context.db,
    portalId,
    due.map(({ period }) => digestPeriodKey(period)),
  );
  const facts = new Map<string, Promise<DigestFacts>>();
  const factsFor = (period: DigestPeriod) => {
    const periodKey = digestPeriodKey(period);
    const loaded = facts.get(periodKey) ?? loadDigestFacts(context.db, portal, period);
    facts.set(periodKey, loaded);
    return loaded;
  };
  const errors: string[] = [];
  for (const { audience, period } of due) {
    for (const recipient of recipients.filter((entry) => entry.audience === audience)) {
      const keys = channels
        .map((channel): DigestDeliveryKey => ({
          portalId,
          audience,
          recipient: recipient.address,
          periodKey: digestPeriodKey(period),
          channel,
        }))
        .filter((key) => {
          result.due += 1;
          const done = settled.has(`${audience}|${key.recipient}|${key.periodKey}|${key.channel}`);
          if (done) result.alreadyDone += 1;
          return !done;
        });
      if (keys.length === 0) continue;
      const digest = composeDigest(recipient, period, await factsFor(period));
      for (const key of keys) {
        const claim = randomUUID();
        if (!(await claimDigestDelivery(context.db, key, claim, context.claimLeaseMs ?? claimLeaseMs))) {
          result.alreadyDone += 1;
          continue;
        }
        const empty = isEmptyDigest(digest);
        try {
          if (!empty) await deliver(context, key, digest, settings.email.from, webhookUrl);
        } catch (error) {
          const message = errorMessage(error);
          await releaseDigestDelivery(context.db, key, claim, message);
          result.failed += 1;
          errors.push(`${key.channel} to ${key.recipient}: ${message}`);
          continue;
        }
        // Delivered: a failure to record it keeps the claim (never released), so a retry does not send it again.
        try {
          await settleWithRetry(context.db, key, claim, empty ? 'empty' : 'sent');
        } catch (error) {
          result.failed += 1;
          errors.push(`${key.channel} to ${key.recipient}: sent, but not recorded: ${errorMessage(error)}`);
          continue;
        }
        if (empty) result.empty += 1;
        else result.sent += 1;
      }
    }
  }
  if (errors.length > 0)
    throw new ServiceError(
      'upstream_failed',
      `${errors.length} digest deliveries failed: ${errors.join('; ')}`,
      result,
    );
  return result;
}

async function deliver(
  context: DigestDeliveryContext,
  key: DigestDeliveryKey,
  digest: Digest,
  from: string,
  webhookUrl: string | null,
): Promise<void> {
  const idempotencyKey = `${key.portalId}:${key.audience}:${key.recipient}:${key.periodKey}`;
  if (key.channel === 'email') {
    const rendered = renderDigest(digest);
    await context.mailer?.send({
      from,
      to: key.recipient,
      ...rendered,
      messageId: `digest-${key.portalId}-${key.audience}-${key.periodKey.replace(':', '-')}-${Buffer.from(key.recipient).toString('hex')}@cs-digest`,
    });
  } else if (webhookUrl !== null && context.webhookSecret !== undefined) {
    await postWebhook(context, webhookUrl, context.webhookSecret, digest, idempotencyKey);
  }
}
