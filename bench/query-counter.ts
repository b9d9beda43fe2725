import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Counts the SQL statements sent to either driver (bench only): every pg query goes through
 * `Client.prototype.query` (the pool's too), every PGlite one through `query` or `exec`.
 */
export function installQueryCounter(): { count(): number } {
  let statements = 0;
  const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const pgQuery = clientPrototype.query;
  clientPrototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    statements += 1;
    return pgQuery.apply(this, args);
  };
  const pglitePrototype = PGlite.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const pgliteQuery = pglitePrototype.query;
  pglitePrototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    statements += 1;
    return pgliteQuery.apply(this, args);
  };
  return { count: () => statements };
}
