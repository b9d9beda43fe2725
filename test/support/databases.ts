import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { openMemoryDatabase } from './pglite-template';

export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why the server did not answer, or null when it did. */
async function serverUnreachableReason(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * On a laptop without Postgres the server half of the suite is left out; under CI it must run,
 * so an unreachable server fails every file that asks, instead of passing on PGlite alone.
 */
export function requireServerUnderCi(reason: string | null, ci: string | undefined): boolean {
  if (reason === null) return true;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') {
    throw new Error(
      `CI is set but the Postgres test server at ${redactedServerUrl()} is not reachable (${reason}); set TEST_DATABASE_URL or start the server`,
    );
  }
  return false;
}

function redactedServerUrl(): string {
  const url = new URL(testServerUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

export const postgresServerAvailable = requireServerUnderCi(
  await serverUnreachableReason(testServerUrl),
  process.env.CI,
);

export interface DatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  /** A new, empty, migrated database; closing it removes it. */
  open(): Promise<DatabaseHandle>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A throwaway database on the Postgres server, so test files running in parallel never share rows. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cs_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

const pgliteTarget: DatabaseTarget = {
  name: 'pglite',
  open: openMemoryDatabase,
};

const postgresTarget: DatabaseTarget = {
  name: 'postgres',
  async open() {
    const database = await createServerDatabase();
    const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
    return {
      ...handle,
      async close() {
        await handle.close();
        await database.drop();
      },
    };
  },
};

/** PGlite always; the Postgres server too when it answers (it does on the dev machines and in CI). */
export const databaseTargets: DatabaseTarget[] = postgresServerAvailable
  ? [pgliteTarget, postgresTarget]
  : [pgliteTarget];
