import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../src/db/client';
import { queryRows } from '../src/db/repositories/query-rows';

/**
 * Runs `work` in a transaction with room for bulk statements: sorts and hashes of millions of rows stay in
 * memory (or spill in few runs) and index builds sort in one pass. Only this transaction's settings change.
 */
export async function withBulkSettings(db: Executor, work: (transaction: Executor) => Promise<unknown>): Promise<void> {
  await db.transaction(async (transaction) => {
    await transaction.execute(sql`select set_config('work_mem', '512MB', true), set_config('maintenance_work_mem', '1GB', true),
      set_config('synchronous_commit', 'off', true)`);
    await work(transaction);
  });
}

const indexRow = z.object({
  definition: z.string(),
  indexName: z.string(),
  constraintName: z.string().nullable(),
  constraintDefinition: z.string().nullable(),
});

/**
 * Fills a table with its indexes (and primary key) dropped, then builds them again from the catalog's own
 * definitions: one sort per index instead of millions of random index insertions, the seed's slowest part.
 */
export async function withoutIndexes(db: Executor, table: string, fill: () => Promise<unknown>): Promise<void> {
  const indexes = await queryRows(
    db,
    sql`select pg_get_indexdef(i.indexrelid) as "definition", quote_ident(x.relname) as "indexName",
        quote_ident(c.conname) as "constraintName", pg_get_constraintdef(c.oid) as "constraintDefinition"
      from pg_index i join pg_class x on x.oid = i.indexrelid
      left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
      where i.indrelid = ${table}::regclass order by x.relname`,
    indexRow,
  );
  for (const index of indexes) {
    await db.execute(
      index.constraintName === null
        ? sql.raw(`drop index ${index.indexName}`)
        : sql.raw(`alter table ${table} drop constraint ${index.constraintName}`),
    );
  }
  await fill();
  for (const index of indexes) {
    await db.execute(
      index.constraintName === null || index.constraintDefinition === null
        ? sql.raw(index.definition)
        : sql.raw(`alter table ${table} add constraint ${index.constraintName} ${index.constraintDefinition}`),
    );
  }
}
