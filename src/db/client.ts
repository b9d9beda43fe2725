import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Repositories accept either the database or an open transaction, so callers choose the unit of work. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for log lines: a directory, `memory` or a URL without its password. */
  readonly location: string;
  /** How the job queue reaches the same database: the embedded client itself, or the server's URL for a pool of its own. */
  readonly queueConnection:
    { readonly kind: 'pglite'; readonly client: PGlite } | { readonly kind: 'postgres'; readonly url: string };
  /** The embedded database's directory lock: one process at a time opens it. */
  readonly lock?: DataDirLock;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | {
      readonly databaseUrl: string;
      readonly poolSize?: number;
      /** An idle connection the server dropped (restart, failover); the pool replaces it on next use. */
      readonly onIdleConnectionError?: (error: Error) => void;
    }
  | {
      /** A folder, or 'memory' for a database that lives only in this process. */
      readonly dataDir: string;
      /**
       * With 'memory': a migrated database's dump (PGlite's dumpDataDir) to start from, which skips initdb; the
       * migrations still run and apply whatever the dump lacks.
       */
      readonly memoryTemplate?: Blob;
    };

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Replicas may start together against one server; the lock makes them apply migrations one at a time.
const migrationLockKey = 7_260_311;

/** Opens the embedded database (PGlite) or the Postgres server and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ('databaseUrl' in options)
    return openPostgres(
      options.databaseUrl,
      options.poolSize ?? 10,
      options.onIdleConnectionError ?? warnOfIdleConnectionError,
    );
  return openPglite(options.dataDir, options.memoryTemplate);
}

async function openPglite(dataDir: string, memoryTemplate: Blob | undefined): Promise<DatabaseHandle> {
  const inMemory = dataDir === 'memory';
  if (memoryTemplate && !inMemory) throw new Error('a memory template only applies to an in-memory database');
  const directory = inMemory ? undefined : path.resolve(dataDir, 'pglite');
  // Two processes on one PGlite directory corrupt it: the lock refuses the second with the holder's name.
  const lock = inMemory ? undefined : await acquireDataDirLock(path.resolve(dataDir));
  try {
    if (directory) await mkdir(directory, { recursive: true });
    const client = directory
      ? await PGlite.create(directory)
      : await PGlite.create(memoryTemplate ? { loadDataDir: memoryTemplate } : {});
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      location: directory ?? 'memory',
      queueConnection: { kind: 'pglite', client },
      ...(lock ? { lock } : {}),
      close: async () => {
        try {
          await client.close();
        } finally {
          await lock?.release();
        }
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

function warnOfIdleConnectionError(error: Error): void {
  process.emitWarning(`an idle database connection failed: ${error.message}`);
}

async function openPostgres(
  databaseUrl: string,
  poolSize: number,
  onIdleConnectionError: (error: Error) => void,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  let closed = false;
  // Without a listener, an idle connection's error (the server restarting, or terminating the backends of a database
  // being dropped while pool.end() is still closing them) is thrown as an uncaught exception.
  pool.on('error', (error) => {
    if (!closed) onIdleConnectionError(error);
  });
  const db = drizzleNodePostgres(pool, { schema });
  const connection = await pool.connect();
  try {
    await connection.query('select pg_advisory_lock($1)', [migrationLockKey]);
    await migrateNodePostgres(drizzleNodePostgres(connection, { schema }), { migrationsFolder });
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    connection.release();
  }
  return {
    db,
    kind: 'postgres',
    location: redactUrl(databaseUrl),
    queueConnection: { kind: 'postgres', url: databaseUrl },
    close: async () => {
      closed = true;
      await pool.end();
    },
  };
}

function redactUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
