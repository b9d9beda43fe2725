import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { startCli, type CliProcess } from './cli-process';
import { createServerDatabase, postgresServerAvailable } from './databases';

/** Where a child process keeps its data: the embedded database in a DATA_DIR, or a throwaway database on the server. */
export interface ChildStorage {
  readonly name: 'embedded database' | 'Postgres server';
  /** The environment that points a child at its database (DATA_DIR or DATABASE_URL). */
  prepare(): Promise<{ env: Record<string, string>; open(): Promise<DatabaseHandle>; cleanup(): Promise<void> }>;
}

const embedded: ChildStorage = {
  name: 'embedded database',
  async prepare() {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cs-child-'));
    return {
      env: { DATA_DIR: dataDir },
      // Only once the child is gone: one process at a time opens a PGlite directory.
      open: () => openDatabase({ dataDir }),
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
};

const server: ChildStorage = {
  name: 'Postgres server',
  async prepare() {
    const database = await createServerDatabase();
    return {
      env: { DATABASE_URL: database.url },
      open: () => openDatabase({ databaseUrl: database.url, poolSize: 2 }),
      cleanup: database.drop,
    };
  },
};

export const childStorages: ChildStorage[] = postgresServerAvailable ? [embedded, server] : [embedded];

export interface KillRestartOptions {
  /** A script run as `node --import tsx <entry>` (see startCli), relative to the repository root. */
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly firstArgs: string[];
  /** The first run is SIGKILLed as soon as its output matches this. */
  readonly killWhen: RegExp;
  readonly secondArgs: string[];
  readonly timeoutMs: number;
}

/** Starts a child and SIGKILLs it (no clean-up of any kind) as soon as its output matches `killWhen`. */
export async function startAndKill(
  entry: string,
  args: string[],
  env: Record<string, string>,
  killWhen: RegExp,
  timeoutMs: number,
): Promise<CliProcess> {
  const child = startCli(entry, args, env);
  try {
    await child.waitFor(killWhen, timeoutMs);
  } finally {
    child.child.kill('SIGKILL');
    await child.exited();
  }
  return child;
}

/** Runs a child until `killWhen`, SIGKILLs it, then runs it again to its own exit. */
export async function killThenRestart(
  options: KillRestartOptions,
): Promise<{ first: CliProcess; second: CliProcess; exitCode: number | null }> {
  const first = await startAndKill(options.entry, options.firstArgs, options.env, options.killWhen, options.timeoutMs);
  const second = startCli(options.entry, options.secondArgs, options.env);
  const timer = setTimeout(() => second.child.kill('SIGKILL'), options.timeoutMs);
  try {
    return { first, second, exitCode: await second.exited() };
  } finally {
    clearTimeout(timer);
  }
}
