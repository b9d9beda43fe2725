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

/** A value as an error message shows it: an object or array by its JSON. */
function shown(value: unknown): string {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return typeof value === 'symbol' || typeof value === 'function' ? typeof value : String(value);
}

/** An int8 or numeric value as a number, or NaN for anything that is not a number, a numeric string or a bigint. */
function numericValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value);
  return Number.NaN;
}

// The columns below are read for every row of the big statements (100k companies' health inputs): each is one
// transform, not a union, which tried its options in turn and built an issue for each that failed first.

/** The value as an exact integer, or an issue naming it. */
function exactInteger(value: unknown, context: z.RefinementCtx): number {
  const number = numericValue(value);
  if (Number.isSafeInteger(number)) return number;
  context.addIssue({ code: 'custom', message: `not a safe integer: ${shown(value)}` });
  return z.NEVER;
}

/** int8 and numeric arrive as strings from node-postgres; they must stay exact integers. Null reads as 0. */
export const integerColumn = z
  .unknown()
  .transform((value, context) => (value === null ? 0 : exactInteger(value, context)));

/** A nullable int8/numeric column: null stays null, any other value an exact integer. */
export const nullableIntegerColumn = z
  .unknown()
  .transform((value, context) => (value === null ? null : exactInteger(value, context)));

/** A nullable number column (scores, averages) that node-postgres may send as a string. */
export const nullableNumberColumn = z.unknown().transform((value, context) => {
  if (value === null) return null;
  const number = numericValue(value);
  if (Number.isNaN(number)) {
    context.addIssue({ code: 'custom', message: `not a number: ${shown(value)}` });
    return z.NEVER;
  }
  return number;
});

/** json/jsonb: node-postgres parses it, PGlite through a raw statement may leave it as text. */
export function jsonColumn<Value>(schema: z.ZodType<Value>): z.ZodType<Value> {
  return z.preprocess((value) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value), schema);
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const entry of Object.values(value)) if (typeof entry !== 'number') return false;
  return true;
}

/**
 * An object of numbers by key (feature users, components' scores), checked in place: `z.record` copies it key by key,
 * the largest allocation of the health run's input rows after the rows themselves.
 */
export const numberRecord = z.custom<Record<string, number>>(isNumberRecord, {
  error: 'expected an object of numbers',
});

/** A timestamp column, a Date from node-postgres and an ISO string from some PGlite paths. */
export const dateColumn = z.union([z.date(), z.string().transform((value) => new Date(value))]);
