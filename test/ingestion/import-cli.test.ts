import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { rowsOf } from '../support/sql-rows';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { startCli } from '../support/cli-process';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';

const portalId = 101;

async function runImport(file: string, databaseUrl: string, extra: string[] = [], env: Record<string, string> = {}) {
  const cli = startCli('src/cli/import.ts', ['usage', file, '--portal', String(portalId), ...extra], {
    DATABASE_URL: databaseUrl,
    ...env,
  });
  const code = await cli.exited();
  const peak = /peak memory: (\d+) MB/.exec(cli.stderr());
  return {
    code,
    report: code === 0 ? JSON.parse(cli.stdout()) : null,
    stderr: cli.stderr(),
    peakMegabytes: Number(peak?.[1] ?? Number.NaN),
  };
}

// Rows of about 2 kB whose long note is mapped to `ignore`: the file is large in bytes but quick to store.
async function writeLargeCsv(file: string, rows: number): Promise<void> {
  const stream = createWriteStream(file);
  stream.write('messageId,companyId,userId,event,timestamp,note\n');
  const note = 'x'.repeat(2_000);
  for (let index = 0; index < rows; index += 1) {
    const line = `big-${index},c${index % 50},u${index % 500},feature-${index % 7},${new Date(Date.UTC(2026, 1, 1) + index * 1_000).toISOString()},${note}\n`;
    if (!stream.write(line)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

describe.runIf(postgresServerAvailable)('npm run import -- usage, as a process on the Postgres server', () => {
  let directory: string;
  let database: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'import-cli-'));
    database = await createServerDatabase();
    handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    await upsertPortal(handle.db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('imports a file with a header mapping, reports bad rows by line, and stores rows once when run again', async () => {
    const file = path.join(directory, 'small.csv');
    await writeFile(
      file,
      [
        'id,company,user,feature,at',
        'r1,c1,u1,report,2026-03-02T10:00:00Z',
        'r2,c1,u2,export,not-a-date',
        'r3,c1,u1,report,2026-03-02T10:05:00Z',
        '',
      ].join('\n'),
    );
    const map = [
      '--map',
      'id=messageId',
      '--map',
      'company=companyId',
      '--map',
      'user=userId',
      '--map',
      'feature=event',
      '--map',
      'at=timestamp',
    ];
    const first = await runImport(file, database.url, map);
    expect(first.code).toBe(0);
    expect(first.report).toMatchObject({
      rows: 3,
      stored: 2,
      rejected: 1,
      rejectedRows: [{ line: 3, reasons: [expect.stringContaining('timestamp')] }],
    });
    expect(first.stderr).toContain('1 row(s) rejected');
    const again = await runImport(file, database.url, map);
    expect(again.report).toMatchObject({ stored: 0, duplicates: 2, rejected: 1 });
    const bad = startCli('src/cli/import.ts', ['usage', file], { DATABASE_URL: database.url });
    expect(await bad.exited()).toBe(2);
    expect(bad.stderr()).toContain('--portal <id> is required');
  }, 60_000);

  it('streams a 50 MB file within a 40 MB JavaScript heap, which could not even hold the file read whole', async () => {
    const large = path.join(directory, 'large.csv');
    const rows = 25_000;
    await writeLargeCsv(large, rows);
    const result = await runImport(large, database.url, ['--map', 'note=ignore'], {
      NODE_OPTIONS: '--max-old-space-size=40',
    });
    expect(result.stderr).not.toContain('heap out of memory');
    expect(result.code).toBe(0);
    expect(result.report).toMatchObject({ rows, stored: rows, rejected: 0 });
    const [stored] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from usage_events where message_id like 'big-%'`),
    );
    expect(stored?.n).toBe(rows);
    // Off-heap buffers are not capped by the flag: the whole process stays within a modest bound too.
    expect(result.peakMegabytes).toBeLessThan(250);
  }, 180_000);

  it('purges raw events past retention from the command line and keeps the aggregates', async () => {
    const [before] = rowsOf<{ events: number; days: number }>(
      await handle.db.execute(
        sql`select (select count(*)::int from usage_events) as events, (select count(*)::int from usage_daily_active_users) as days`,
      ),
    );
    const purge = startCli('src/cli/usage.ts', ['purge', '--portal', String(portalId), '--months', '1'], {
      DATABASE_URL: database.url,
    });
    expect(await purge.exited()).toBe(0);
    // Every imported event is from early 2026, more than a month before any day these tests run.
    expect(JSON.parse(purge.stdout())).toMatchObject({ deleted: before?.events });
    const [after] = rowsOf<{ events: number; days: number }>(
      await handle.db.execute(
        sql`select (select count(*)::int from usage_events) as events, (select count(*)::int from usage_daily_active_users) as days`,
      ),
    );
    expect(after).toEqual({ events: 0, days: before?.days });
    const bad = startCli('src/cli/usage.ts', ['purge', '--portal', String(portalId), '--months', 'zero'], {
      DATABASE_URL: database.url,
    });
    expect(await bad.exited()).toBe(2);
  }, 60_000);
});
