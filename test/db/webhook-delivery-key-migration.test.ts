import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase, type DatabaseHandle } from '../../src/db/client';
import { storeWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { webhookEvents } from '../../src/db/schema';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';

/** The checked-in migrations up to, not including, the one that changed the webhook key (its number may change at merge). */
async function migrationsBeforeDeliveryKey(scratch: string): Promise<string> {
  const folder = path.join(scratch, 'migrations');
  await cp(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((entry) => entry.tag.endsWith('webhook-delivery-key'));
  expect(cut).toBeGreaterThan(0);
  await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return folder;
}

const insertOldRows = sql`insert into webhook_events (portal_id, event_id, subscription_id, subscription_type, occurred_at, payload)
  values (7, '100', '1', 'object.propertyChange', '2026-12-01T10:00:00Z', '{}'), (7, '101', '1', 'object.creation', '2026-12-01T10:00:01Z', '{}')`;

interface Target {
  readonly name: string;
  /** Migrates a fresh database with `folder`, inserts the old rows, and opens it again the usual way (every migration). */
  upgrade(folder: string, scratch: string): Promise<{ handle: DatabaseHandle; cleanup(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'pglite',
    async upgrade(folder, scratch) {
      const dataDir = path.join(scratch, 'data');
      await mkdir(path.join(dataDir, 'pglite'), { recursive: true });
      const client = await PGlite.create(path.join(dataDir, 'pglite'));
      const db = drizzlePglite(client);
      await migratePglite(db, { migrationsFolder: folder });
      await db.execute(insertOldRows);
      await client.close();
      const handle = await openDatabase({ dataDir });
      return { handle, cleanup: () => handle.close() };
    },
  },
  ...(postgresServerAvailable
    ? [
        {
          name: 'postgres',
          async upgrade(folder: string) {
            const database = await createServerDatabase();
            const pool = new pg.Pool({ connectionString: database.url, max: 1 });
            const db = drizzleNodePostgres(pool);
            await migrateNodePostgres(db, { migrationsFolder: folder });
            await db.execute(insertOldRows);
            await pool.end();
            const handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
            return {
              handle,
              cleanup: async () => {
                await handle.close();
                await database.drop();
              },
            };
          },
        },
      ]
    : []),
];

describe.each(targets)('the webhook delivery-key migration on $name', (target) => {
  it('keeps stored events, numbers them, and then tells apart events that share an eventId', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'delivery-key-'));
    try {
      const { handle, cleanup } = await target.upgrade(await migrationsBeforeDeliveryKey(scratch), scratch);
      try {
        const rows = await handle.db
          .select({ id: webhookEvents.id, eventId: webhookEvents.eventId })
          .from(webhookEvents)
          .orderBy(webhookEvents.id);
        expect(rows).toEqual([
          { id: 1, eventId: '100' },
          { id: 2, eventId: '101' },
        ]);
        const row = (subscriptionId: string, occurredAt: string) => ({
          portalId: 7,
          eventId: '100',
          subscriptionId,
          subscriptionType: 'object.propertyChange',
          occurredAt: new Date(occurredAt),
          payload: {},
        });
        // The same delivery again adds nothing; the same eventId from another subscription or moment is another event.
        expect(await storeWebhookEvents(handle.db, [row('1', '2026-12-01T10:00:00Z')])).toBe(0);
        expect(
          await storeWebhookEvents(handle.db, [row('2', '2026-12-01T10:00:00Z'), row('1', '2026-12-02T10:00:00Z')]),
        ).toBe(2);
      } finally {
        await cleanup();
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
