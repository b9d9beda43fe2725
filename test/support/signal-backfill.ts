import { readFileSync } from 'node:fs';

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
