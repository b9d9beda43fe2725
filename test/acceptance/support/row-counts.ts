import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/db/client';

// The tables a webhook can make the service write to; the acceptance tests count them before and after.
const countedTables = [
  'webhook_events',
  'closed_won_transitions',
  'crm_object_versions',
  'handoffs',
  'handoff_engagements',
  'onboarding_records',
  'onboarding_milestones',
  'csm_assignments',
  'company_write_backs',
] as const;
export type CountedTable = (typeof countedTables)[number];

async function rowsOf<Row>(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = await db.execute(query);
  return (result as { rows: Row[] }).rows;
}

/** Rows per table for one portal (and the job queue's rows of every kind), to show a request wrote nothing. */
export async function countRows(db: Database, portalId: number): Promise<Record<CountedTable | 'jobs', number>> {
  const counts = {} as Record<CountedTable | 'jobs', number>;
  for (const table of countedTables) {
    const [row] = await rowsOf<{ count: number }>(
      db,
      sql`select count(*)::int as count from ${sql.identifier(table)} where portal_id = ${portalId}`,
    );
    counts[table] = row?.count ?? 0;
  }
  const [jobs] = await rowsOf<{ count: number }>(db, sql`select count(*)::int as count from pgboss.job`);
  counts.jobs = jobs?.count ?? 0;
  return counts;
}

export async function selectRows<Row>(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  return rowsOf<Row>(db, query);
}
