import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** How a second process reaches the service that holds the directory (its admin API, loopback only). */
export const lockServiceSchema = z.object({ url: z.url(), adminToken: z.string().min(32) });
export type LockService = z.infer<typeof lockServiceSchema>;

export const lockHolderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  command: z.string(),
  startedAt: z.iso.datetime(),
  service: lockServiceSchema.optional(),
});
export type LockHolder = z.infer<typeof lockHolderSchema>;

export const lockFileName = 'pglite.lock';

/** A second process wanted an embedded data directory another process holds. */
export class DataDirInUseError extends Error {
  /** `instead`: what this command's user can do while the service runs (e.g. the API call that does the same). */
  constructor(
    readonly directory: string,
    readonly holder: LockHolder,
    instead?: string,
  ) {
    super(`${directory} is in use by "${holder.command}" (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}${holder.service ? `, serving ${holder.service.url}` : ''}).
The embedded database (PGlite) can be opened by one process at a time; a second one would corrupt it.
Stop that process first (Ctrl-C in its terminal, or kill ${holder.pid}) and run this command again${instead ? `, or ${instead}` : ''}.
To run several processes on one database, use a Postgres server (DATABASE_URL).`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Records how to reach the running service, so `npm run keys` can go through its API. */
  advertise(service: LockService): Promise<void>;
  release(): Promise<void>;
}

// Paths this process holds: a lock naming our own pid that is not in here was left by an earlier process with the same pid (a container restart).
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function isStale(file: string, holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(file);
  return !isAlive(holder.pid);
}

/** `npm run keys -- create` when started by npm, else the node command line. */
export function describeCommand(
  argv: readonly string[] = process.argv,
  script = process.env.npm_lifecycle_event,
): string {
  const args = argv.slice(2, 5).join(' ');
  if (script)
    return `npm ${script === 'start' || script === 'test' ? script : `run ${script}`}${args ? ` -- ${args}` : ''}`;
  return argv
    .slice(1, 5)
    .map((part) => path.basename(part))
    .join(' ');
}

export async function readLockHolder(directory: string): Promise<LockHolder | undefined> {
  return readHolderFile(path.join(directory, lockFileName));
}

async function readHolderFile(file: string): Promise<LockHolder | undefined> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    const parsed = lockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function writeTemporary(directory: string, holder: LockHolder): Promise<string> {
  const temporary = path.join(directory, `${lockFileName}.${process.pid}.${randomBytes(4).toString('hex')}`);
  // 0600: the admin token in it opens the service's admin API, as the data files open everything.
  await writeFile(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  return temporary;
}

/** Moves a dead process's (or an unreadable) lock aside atomically; false when another process got there first. */
async function takeOverStale(file: string, stale: LockHolder | undefined): Promise<boolean> {
  const aside = `${file}.stale.${process.pid}`;
  try {
    await rename(file, aside);
  } catch {
    return false;
  }
  const moved = await readHolderFile(aside).catch(() => undefined);
  const same =
    moved === undefined || stale === undefined
      ? moved === stale
      : moved.pid === stale.pid && moved.startedAt === stale.startedAt;
  // Another process took the stale lock over between our read and the rename: give its fresh lock back.
  if (!same) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return same;
}

/**
 * Takes the directory for this process: a lock file created atomically (link of a complete file), naming the
 * holder. A lock whose process is gone (SIGKILL, power loss) is taken over; a live holder's is refused.
 */
export async function acquireDataDirLock(directory: string, command = describeCommand()): Promise<DataDirLock> {
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, lockFileName);
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  const temporary = await writeTemporary(directory, holder);
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await link(temporary, file);
        break;
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      }
      const current = await readLockHolder(directory);
      if (current === undefined) {
        // Unreadable: written by another version or cut short by a crash; only a lock file we can read names a holder.
        if (attempt > 2)
          throw new Error(`${file} exists but names no holder; if no process uses ${directory}, delete that file`);
        await takeOverStale(file, undefined);
        continue;
      }
      if (!isStale(file, current) || attempt > 2) throw new DataDirInUseError(directory, current);
      await takeOverStale(file, current);
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  heldHere.add(file);
  let current = holder;
  const releaseAtExit = () => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', releaseAtExit);
  return {
    file,
    get holder() {
      return current;
    },
    async advertise(service) {
      current = { ...holder, service };
      const next = await writeTemporary(directory, current);
      await rename(next, file);
    },
    async release() {
      process.removeListener('exit', releaseAtExit);
      heldHere.delete(file);
      const onDisk = await readLockHolder(directory).catch(() => undefined);
      if (onDisk?.pid === holder.pid && onDisk.startedAt === holder.startedAt)
        await unlink(file).catch(() => undefined);
    },
  };
}
