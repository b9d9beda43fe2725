import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { acquireDataDirLock, DataDirInUseError, lockFileName, readLockHolder } from '../../src/db/data-dir-lock';
import { listKeys } from '../../src/services/ingestion/api-keys';
import { startCli, type CliProcess } from '../support/cli-process';

const child = 'test/cli/support/write-keys-child.ts';

function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(done.stdout.toString());
}

async function committed(holder: CliProcess, atLeast: number): Promise<void> {
  await holder.waitFor(new RegExp(`committed ${atLeast}\\n`), 60_000);
}

function lastCommitted(holder: CliProcess): number {
  return Math.max(0, ...[...holder.stdout().matchAll(/committed (\d+)/g)].map((match) => Number(match[1])));
}

describe('one process owns an embedded data directory', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function scratch(): Promise<string> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cs-lock-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    return dataDir;
  }
  function holding(dataDir: string): CliProcess {
    const holder = startCli(child, [], { DATA_DIR: dataDir });
    cleanups.push(async () => {
      if (holder.child.exitCode === null) holder.child.kill('SIGKILL');
      await holder.exited();
    });
    return holder;
  }

  it('refuses a second open in the same process, naming the holder, and opens again once released', async () => {
    const dataDir = await scratch();
    const first = await acquireDataDirLock(dataDir, 'npm start');
    const second = acquireDataDirLock(dataDir, 'npm run keys');
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(new RegExp(`in use by "npm start" \\(pid ${process.pid} on ${hostname()}`));
    await first.release();
    const again = await acquireDataDirLock(dataDir, 'npm run keys');
    expect((await readLockHolder(dataDir))?.command).toBe('npm run keys');
    await again.release();
    expect(await readLockHolder(dataDir)).toBeUndefined();
  });

  it('takes over the lock of a process that is gone', async () => {
    const dataDir = await scratch();
    const stale = { pid: deadPid(), host: hostname(), command: 'npm start', startedAt: new Date().toISOString() };
    await writeFile(path.join(dataDir, lockFileName), JSON.stringify(stale));
    const lock = await acquireDataDirLock(dataDir, 'npm run keys');
    expect(await readLockHolder(dataDir)).toMatchObject({ pid: process.pid, command: 'npm run keys' });
    await lock.release();
  });

  it('takes over an empty lock file (cut short by a power loss) and one naming this pid that this process does not hold (a container restart)', async () => {
    const dataDir = await scratch();
    await writeFile(path.join(dataDir, lockFileName), '');
    const fromEmpty = await acquireDataDirLock(dataDir, 'first');
    await fromEmpty.release();
    const earlierLife = {
      pid: process.pid,
      host: hostname(),
      command: 'npm start',
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    await writeFile(path.join(dataDir, lockFileName), JSON.stringify(earlierLife));
    const lock = await acquireDataDirLock(dataDir, 'second');
    expect(await readLockHolder(dataDir)).toMatchObject({ command: 'second' });
    await lock.release();
  });

  it('a second process on the directory refuses with the holder and what to do; the data survives and reopens', async () => {
    const dataDir = await scratch();
    const holder = holding(dataDir);
    await committed(holder, 20);
    for (const [entry, args, instead] of [
      ['src/cli/jobs.ts', ['status'], null],
      ['src/cli/keys.ts', ['list'], null],
      ['src/cli/import.ts', ['usage', 'events.csv', '--portal', '4242'], '/api/v1/usage/csv'],
      // Reads with an API of their own point at it.
      ['src/cli/playbooks.ts', ['runs', 'p1'], "curl '<service URL>/api/v1/playbooks/p1/runs'"],
      ['src/cli/settings.ts', ['get', 'health'], "curl '<service URL>/api/v1/settings/health'"],
    ] as const) {
      const second = startCli(entry, [...args], { DATA_DIR: dataDir });
      expect(await second.exited(), second.stderr()).toBe(1);
      expect(second.stderr()).toContain(`is in use by`);
      if (instead !== null) expect(second.stderr()).toContain(instead);
      expect(second.stderr()).toContain(`kill ${String(holder.child.pid)}`);
      expect(second.stderr()).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(lastCommitted(holder)).toBeGreaterThan(20);
    holder.child.kill('SIGTERM');
    expect(await holder.exited()).toBe(0);
    const written = Number(/closed after (\d+)/.exec(holder.stdout())?.[1]);
    expect(await readLockHolder(dataDir)).toBeUndefined();
    const handle = await openDatabase({ dataDir });
    try {
      expect((await listKeys(handle.db, 4242)).length).toBe(written);
    } finally {
      await handle.close();
    }
  }, 180_000);

  it('after a SIGKILL mid-write the directory reopens with every committed row, the stale lock taken over', async () => {
    const dataDir = await scratch();
    const holder = holding(dataDir);
    await committed(holder, 30);
    holder.child.kill('SIGKILL');
    await holder.exited();
    const acknowledged = lastCommitted(holder);
    expect(JSON.parse(await readFile(path.join(dataDir, lockFileName), 'utf8'))).toMatchObject({
      pid: holder.child.pid,
    });
    const handle = await openDatabase({ dataDir });
    try {
      const rows = (await listKeys(handle.db, 4242)).length;
      // Every acknowledged row is there; the one being written when the signal came may be too.
      expect(rows).toBeGreaterThanOrEqual(acknowledged);
      expect(rows).toBeLessThanOrEqual(acknowledged + 1);
      expect(await readLockHolder(dataDir)).toMatchObject({ pid: process.pid });
    } finally {
      await handle.close();
    }
  }, 180_000);
});
