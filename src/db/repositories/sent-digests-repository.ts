import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { sentDigests } from '../schema';

export interface DigestDeliveryKey {
  readonly portalId: number;
  readonly audience: 'csm' | 'manager';
  readonly recipient: string;
  readonly periodKey: string;
  readonly channel: 'email' | 'webhook';
}

function keyOf(key: DigestDeliveryKey) {
  return and(
    eq(sentDigests.portalId, key.portalId),
    eq(sentDigests.audience, key.audience),
    eq(sentDigests.recipient, key.recipient),
    eq(sentDigests.periodKey, key.periodKey),
    eq(sentDigests.channel, key.channel),
  );
}

/**
 * Claims a delivery before it is sent: a new one, or one whose earlier claim is older than the lease (its worker
 * died mid-send) or was released after a failure. One statement, so of two replicas claiming at once one wins.
 */
export async function claimDigestDelivery(
  db: Executor,
  key: DigestDeliveryKey,
  claim: string,
  leaseMs: number,
): Promise<boolean> {
  const claimed = await db
    .insert(sentDigests)
    .values({ ...key, state: 'claimed', claim, claimedAt: new Date(), attempts: 1 })
    .onConflictDoUpdate({
      target: [
        sentDigests.portalId,
        sentDigests.audience,
        sentDigests.recipient,
        sentDigests.periodKey,
        sentDigests.channel,
      ],
      set: { claim, claimedAt: new Date(), attempts: sql`${sentDigests.attempts} + 1` },
      setWhere: sql`${sentDigests.state} = 'claimed' and (${sentDigests.claim} is null or ${sentDigests.claimedAt} < ${new Date(Date.now() - leaseMs)})`,
    })
    .returning({ claim: sentDigests.claim });
  return claimed.some((row) => row.claim === claim);
}

/** Records the delivery as done (`sent`, or `empty`: nothing to tell); nothing when another worker took the claim over. */
export async function settleDigestDelivery(
  db: Executor,
  key: DigestDeliveryKey,
  claim: string,
  state: 'sent' | 'empty',
): Promise<void> {
  await db
    .update(sentDigests)
    .set({ state, sentAt: new Date(), error: null })
    .where(and(keyOf(key), eq(sentDigests.claim, claim)));
}

/** Gives a failed delivery's claim up at once, so the job's retry claims it again without waiting out the lease. */
export async function releaseDigestDelivery(
  db: Executor,
  key: DigestDeliveryKey,
  claim: string,
  error: string,
): Promise<void> {
  await db
    .update(sentDigests)
    .set({ claim: null, error: error.slice(0, 500) })
    .where(and(keyOf(key), eq(sentDigests.claim, claim), eq(sentDigests.state, 'claimed')));
}

/** The deliveries of a period already done, as `audience|recipient|channel`, to skip composing their digests. */
export async function listSettledDeliveries(
  db: Executor,
  portalId: number,
  periodKeys: readonly string[],
): Promise<Set<string>> {
  if (periodKeys.length === 0) return new Set();
  const rows = await db
    .select({
      audience: sentDigests.audience,
      recipient: sentDigests.recipient,
      periodKey: sentDigests.periodKey,
      channel: sentDigests.channel,
    })
    .from(sentDigests)
    .where(
      and(
        eq(sentDigests.portalId, portalId),
        inArray(sentDigests.periodKey, [...periodKeys]),
        inArray(sentDigests.state, ['sent', 'empty']),
      ),
    );
  return new Set(rows.map((row) => `${row.audience}|${row.recipient}|${row.periodKey}|${row.channel}`));
}

export type SentDigestRow = typeof sentDigests.$inferSelect;

export async function listSentDigests(db: Executor, portalId: number): Promise<SentDigestRow[]> {
  return db.select().from(sentDigests).where(eq(sentDigests.portalId, portalId));
}
