import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { z } from 'zod';
import { dateColumn, integerColumn, queryRows } from './query-rows';

const windowRow = z.object({ hits: integerColumn, reset_at: dateColumn });

export type WindowCount = { hits: number; resetAt: Date };

/** Counts one hit in the key's window, opening a new window when the last one has ended; on the database's clock. */
export async function countHit(db: Executor, key: string, windowMs: number): Promise<WindowCount> {
  const [row] = await queryRows(
    db,
    sql`
    insert into rate_limit_counters as counter (key, hits, reset_at)
    values (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when counter.reset_at <= now() then 1 else counter.hits + 1 end,
      reset_at = case when counter.reset_at <= now() then excluded.reset_at else counter.reset_at end
    returning hits, reset_at`,
    windowRow,
  );
  return { hits: row?.hits ?? 1, resetAt: row?.reset_at ?? new Date(Date.now() + windowMs) };
}

/** Takes back one hit of the key's running window (a request that turned out not to count). */
export async function uncountHit(db: Executor, key: string): Promise<void> {
  await db.execute(
    sql`update rate_limit_counters set hits = hits - 1 where key = ${key} and hits > 0 and reset_at > now()`,
  );
}

export async function readWindow(db: Executor, key: string): Promise<WindowCount | undefined> {
  const [row] = await queryRows(
    db,
    sql`
    select hits, reset_at from rate_limit_counters where key = ${key} and reset_at > now()`,
    windowRow,
  );
  return row === undefined ? undefined : { hits: row.hits, resetAt: row.reset_at };
}

export async function forgetWindow(db: Executor, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limit_counters where key = ${key}`);
}

/** Deletes windows that ended over a minute ago, at most `limit` of them. */
export async function deleteEndedWindows(db: Executor, limit: number): Promise<void> {
  await db.execute(sql`
    delete from rate_limit_counters where key in (select key from rate_limit_counters where reset_at < now() - interval '1 minute' limit ${limit})`);
}
