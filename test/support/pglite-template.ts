import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, migrationsFolder, type DatabaseHandle } from '../../src/db/client';

const pgliteVersion = z
  .object({ version: z.string() })
  .parse(
    JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8'),
    ),
  ).version;

/** Named after the migrations and the PGlite version, so a changed schema or engine builds a new one. */
async function templateFile(): Promise<string> {
  const hash = createHash('sha256').update(pgliteVersion);
  for (const name of (await readdir(migrationsFolder, { recursive: true })).sort()) {
    const file = path.join(migrationsFolder, name);
    if (name.endsWith('.sql') || name.endsWith('.json')) hash.update(name).update(await readFile(file));
  }
  return path.join(os.tmpdir(), `hubspot-cs-lifecycle-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * Once per run (vitest's global setup): an empty, migrated PGlite database dumped to a file. Starting PGlite runs
 * initdb, which takes most of the seconds a test database costs; a copy of the dump skips it.
 */
export async function buildPgliteTemplate(): Promise<void> {
  const file = await templateFile();
  if (existsSync(file)) return;
  const handle = await openDatabase({ dataDir: 'memory' });
  try {
    if (handle.queueConnection.kind !== 'pglite') throw new Error('the template database is not PGlite');
    const dump = await handle.queueConnection.client.dumpDataDir('none');
    const partial = `${file}.${process.pid}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await handle.close();
  }
}

let template: Promise<Blob | undefined> | undefined;

async function loadTemplate(): Promise<Blob | undefined> {
  const file = await templateFile();
  return existsSync(file) ? new Blob([await readFile(file)]) : undefined;
}

/** A new, empty, migrated in-memory database: a copy of the run's template when there is one. */
export async function openMemoryDatabase(): Promise<DatabaseHandle> {
  template ??= loadTemplate();
  const memoryTemplate = await template;
  return openDatabase(memoryTemplate ? { dataDir: 'memory', memoryTemplate } : { dataDir: 'memory' });
}
