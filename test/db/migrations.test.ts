import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/db/client';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('checked-in migrations', () => {
  it('match the schema: drizzle-kit generates nothing new from src/db/schema', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    try {
      const copy = path.join(scratch, 'migrations');
      await cp(migrationsFolder, copy, { recursive: true });
      const config = path.join(scratch, 'drizzle.config.json');
      // drizzle-kit prefixes `./` to the paths it is given, so they must be relative to the working directory.
      await writeFile(
        config,
        JSON.stringify({ dialect: 'postgresql', schema: './src/db/schema/*.ts', out: path.relative(root, copy) }),
      );
      const before = await readdir(copy);
      const { stdout, stderr } = await run(
        path.join(root, 'node_modules/.bin/drizzle-kit'),
        ['generate', '--config', config],
        { cwd: root },
      );
      expect(`${stdout}${stderr}`).toContain('No schema changes');
      expect(await readdir(copy)).toEqual(before);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
