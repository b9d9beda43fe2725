import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { queryRows } from '../../src/db/repositories/query-rows';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { fixtureSchema, type Fixture } from '../../src/sandbox/fixture-schema';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { databaseTargets } from './databases';
import { syncFixture } from './demo-sync';
import { ifStarted } from './if-started';
import { seedFixtureDirect } from './seed-fixture';

/**
 * Columns whose values say when a write happened, never what was written (no generated id is ignored): the
 * same fixture synced twice already differs in them. Everything else in every table must match.
 */
const ignoredColumns: Readonly<Record<string, readonly string[]>> = {
  // The sync's and the seed's own write instants.
  sync_states: ['started_at', 'completed_at', 'updated_at'],
  portals: ['created_at', 'updated_at'],
  owners: [
    'synced_at',
    // HubSpot's owner updatedAt: the sandbox stamps its owners with the instant its store was made.
    'hubspot_updated_at',
  ],
};
// The KPI change log has a row per writing statement (the sync writes in pages, the seed at once) and the kept KPI
// periods hold figures derived from the rest: they record how the data was written, not what.
const writeLogTables = new Set(['kpi_input_changes', 'kpi_period_cache']);
const writeInstantColumn =
  /^(synced_at|created_at|updated_at|computed_at|derived_at|recorded_at|loaded_at|ingested_at|received_at|checked_at)$/;

const tableNameSchema = z.object({ table_name: z.string() });
const columnSchema = z.object({ column_name: z.string(), data_type: z.string() });
const rowSchema = z.record(z.string(), z.unknown());

async function dumpTables(handle: DatabaseHandle): Promise<{ dump: Record<string, string[]>; ignored: string[] }> {
  const tables = await queryRows(
    handle.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    tableNameSchema,
  );
  const dump: Record<string, string[]> = {};
  const ignored: string[] = [];
  for (const { table_name: table } of tables.filter((row) => !writeLogTables.has(row.table_name))) {
    const columns = await queryRows(
      handle.db,
      sql`select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = ${table} order by column_name`,
      columnSchema,
    );
    const kept = columns.filter((column) => {
      const skip =
        (ignoredColumns[table] ?? []).includes(column.column_name) ||
        (writeInstantColumn.test(column.column_name) && column.data_type.startsWith('timestamp'));
      if (skip) ignored.push(`${table}.${column.column_name}`);
      return !skip;
    });
    const rows = await queryRows(handle.db, sql.raw(`select * from "${table}"`), rowSchema);
    dump[table] = rows
      .map((row) => JSON.stringify(kept.map((column) => [column.column_name, normalise(row[column.column_name])])))
      .sort();
  }
  return { dump, ignored };
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

const smallFixture = fixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/small-portfolio.json', import.meta.url), 'utf8')),
);
const demoDay = '2026-12-04';
const cases: { name: string; fixture: Fixture; onboardingDay: string; scoreDays: string[] }[] = [
  { name: 'small', fixture: smallFixture, onboardingDay: '2026-03-01', scoreDays: ['2026-03-31', '2026-04-15'] },
  {
    name: 'demo',
    fixture: generateDemoPortfolio({ asOf: demoDay }),
    onboardingDay: demoDay,
    scoreDays: ['2026-11-30', demoDay],
  },
];

const target = databaseTargets.find((each) => each.name === 'postgres') ?? databaseTargets[0];
if (!target) throw new Error('no database target');

describe.each(cases)('seeding the $name fixture directly leaves what the sync leaves', (testCase) => {
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of handles) await ifStarted(handle)?.close();
  });

  it('every table holds the same rows, write instants aside', async () => {
    const synced = await target.open();
    handles.push(synced);
    const { running } = await syncFixture(synced.db, testCase.fixture, testCase.onboardingDay, testCase.scoreDays);
    await running.close();
    const seeded = await target.open();
    handles.push(seeded);
    await seedFixtureDirect(seeded.db, testCase.fixture, testCase.onboardingDay, testCase.scoreDays);

    const fromSync = await dumpTables(synced);
    const fromSeed = await dumpTables(seeded);
    expect(fromSeed.ignored).toEqual(fromSync.ignored);
    console.info(`ignored columns: ${fromSync.ignored.join(', ')}`);
    const filled = Object.entries(fromSync.dump)
      .filter(([, rows]) => rows.length > 0)
      .map(([table, rows]) => `${table} ${rows.length}`);
    console.info(`tables with rows: ${filled.join(', ')}`);
    const differences = Object.keys(fromSync.dump).flatMap((table) => {
      const seededRows = new Set(fromSeed.dump[table]);
      const syncedRows = new Set(fromSync.dump[table]);
      const missing = (fromSync.dump[table] ?? []).filter((row) => !seededRows.has(row));
      const extra = (fromSeed.dump[table] ?? []).filter((row) => !syncedRows.has(row));
      return missing.length + extra.length === 0
        ? []
        : [{ table, missing: missing.slice(0, 2), extra: extra.slice(0, 2) }];
    });
    expect(differences).toEqual([]);
    for (const table of Object.keys(fromSync.dump)) expect(fromSeed.dump[table]).toEqual(fromSync.dump[table]);
  }, 300_000);
});
