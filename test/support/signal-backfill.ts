import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client';

/** The UPDATE statements with which migrations 0026 and 0027 fill the signal columns of stored health scores. */
export const signalBackfillStatements = [
  '0026_health-score-signal-columns.sql',
  '0027_health-score-component-points.sql',
].flatMap((file) =>
  readFileSync(new URL(`../../src/db/migrations/${file}`, import.meta.url), 'utf8')
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter((statement) => statement.includes('UPDATE')),
);

/**
 * Runs the backfill as those migrations did, on an explanation column of type jsonb (migration 0028 made it json
 * after them), and leaves the column as it found it.
 */
export async function runSignalBackfill(db: Database): Promise<void> {
  await db.transaction(async (transaction) => {
    await transaction.execute(
      sql`alter table health_scores alter column explanation set data type jsonb using explanation::jsonb`,
    );
    for (const statement of signalBackfillStatements) await transaction.execute(sql.raw(statement));
    await transaction.execute(
      sql`alter table health_scores alter column explanation set data type json using explanation::json`,
    );
  });
}
