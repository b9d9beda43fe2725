import type { PGlite } from '@electric-sql/pglite';

interface QueryResult {
  rows: unknown[];
}

/** pg-boss's database seam (its `db` option). */
export interface JobStoreExecutor {
  executeSql(text: string, values?: unknown[]): Promise<QueryResult>;
}

export interface PgliteJobStore extends JobStoreExecutor {
  /** Resolves when every statement pg-boss has issued so far has finished (it completes jobs without awaiting). */
  drain(): Promise<void>;
}

/**
 * pg-boss on the embedded database, through the same PGlite client as the app. PGlite runs one statement at a
 * time and makes queries wait for an open transaction, so pg-boss and the app never interleave inside one.
 * pg-boss sends its multi-statement scripts (BEGIN; …; COMMIT) without parameters: those go through the simple
 * protocol (`exec`), which runs them whole; parameterised statements are always single.
 */
export function createPgliteJobStore(client: PGlite): PgliteJobStore {
  const inFlight = new Set<Promise<unknown>>();
  const run = async (text: string, values?: unknown[]): Promise<QueryResult> => {
    if (values && values.length > 0) return client.query(text, values);
    const results = await client.exec(text);
    return results.at(-1) ?? { rows: [] };
  };
  return {
    executeSql(text, values) {
      const statement = run(text, values);
      inFlight.add(statement);
      const forget = () => inFlight.delete(statement);
      statement.then(forget, forget);
      return statement;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
