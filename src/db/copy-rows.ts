import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Executor } from './client';
import * as schema from './schema';

/** A value of one column of a row sent with COPY: null, or what its text form is made from (objects as JSON). */
type CopyValue = string | number | boolean | null | Record<string, unknown> | readonly unknown[];

/** The server's connection pool behind a database opened on a Postgres server; none on the embedded database. */
export function serverPoolOf(db: Database): pg.Pool | undefined {
  const client: unknown = '$client' in db ? db.$client : undefined;
  return client instanceof pg.Pool ? client : undefined;
}

// COPY's text format: backslash, newline, carriage return and tab are escaped; \N is null.
const specialCharacters = /[\\\n\r\t]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escaped = (text: string) => text.replace(specialCharacters, (character) => escapes[character] ?? character);

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'object') return escaped(String(value));
  // JSON text holds no raw newline, carriage return or tab (JSON escapes them), only backslashes of its own escapes:
  // most documents have none, and a kilobyte of explanation per row is not scanned twice for them.
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** One line of COPY's text format. */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/**
 * Runs `work` in a transaction on one connection of the pool, which it can use both for drizzle statements and
 * to COPY rows in (`copyLines`). Rolled back if `work` throws.
 */
export async function inServerTransaction<Result>(
  pool: pg.Pool,
  work: (connection: { db: Executor; client: pg.PoolClient }) => Promise<Result>,
): Promise<Result> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const result = await work({ db: drizzle(client, { schema }), client });
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Streams the lines into `table (columns)` with COPY FROM STDIN, one batch of lines at a time as `batches` yields
 * them (so a lazy producer computes the next batch while the server stores the last). A producer that throws
 * aborts the COPY (CopyFail), and the error is thrown.
 */
export async function copyLines(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  batches: Iterable<string>,
): Promise<void> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  const done = finished(stream);
  // Awaited below; until then a server error must not surface as an unhandled rejection.
  done.catch(() => undefined);
  try {
    for (const batch of batches) {
      // A row the server refused ends the COPY: what it said is thrown from `done`.
      if (stream.destroyed) break;
      if (batch.length > 0 && !stream.write(batch)) await Promise.race([once(stream, 'drain'), done]);
      // Lets the written lines reach the server before the producer computes the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!stream.destroyed) stream.end();
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await done.catch(() => undefined);
    throw error;
  }
  await done;
}
