import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';

/**
 * node-postgres and PGlite (through drizzle) both answer a raw statement with `{ rows }`. Each row is checked once, by
 * the caller's row schema: checked here as a record as well, every row was copied key by key first (0.23 s of Node
 * for the 100k rows of the health inputs).
 */
const resultSchema = z.object({ rows: z.array(z.unknown()) });

/** The one way a repository reads rows of raw SQL: run on either driver, each row checked by its schema. */
export async function queryRows<Row>(db: Executor, query: SQL, rowSchema: z.ZodType<Row>): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return resultSchema.parse(result).rows.map((row) => rowSchema.parse(row));
}

/** int8 and numeric arrive as strings from node-postgres; they must stay exact integers. */
export const integerColumn = z.union([z.string(), z.number(), z.bigint(), z.null()]).transform((value, context) => {
  const number = value === null ? 0 : Number(value);
  if (!Number.isSafeInteger(number)) {
    context.addIssue({ code: 'custom', message: `not a safe integer: ${String(value)}` });
    return z.NEVER;
  }
  return number;
});

/** A nullable int8/numeric column: null stays null, any other value an exact integer. */
export const nullableIntegerColumn = z.union([z.null(), integerColumn.pipe(z.number())]);

/** A nullable number column (scores, averages) that node-postgres may send as a string. */
export const nullableNumberColumn = z.union([z.null(), z.coerce.number()]);

/** json/jsonb: node-postgres parses it, PGlite through a raw statement may leave it as text. */
export function jsonColumn<Value>(schema: z.ZodType<Value>): z.ZodType<Value> {
  return z.preprocess((value) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value), schema);
}

/** A timestamp column, a Date from node-postgres and an ISO string from some PGlite paths. */
export const dateColumn = z.union([z.date(), z.string().transform((value) => new Date(value))]);
