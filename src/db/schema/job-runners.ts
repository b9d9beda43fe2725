import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Processes working the durable queue on the Postgres server, each beating its row every few seconds. pg-boss 10
// knows only a job's expiry (up to hours) to tell that its process died; these rows let a replica see it in seconds.
export const jobRunners = pgTable('job_runners', {
  id: text('id').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

// Which runner works which pg-boss job right now (the job's id and queue in pg-boss's own table).
export const jobRuns = pgTable('job_runs', {
  jobId: uuid('job_id').primaryKey(),
  queue: text('queue').notNull(),
  runnerId: text('runner_id').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
