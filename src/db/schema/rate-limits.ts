import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// The service's own request limits, shared by every replica on one database: a fixed window per client key
// (`ip:…` or `key:<key id>`). UNLOGGED (migration 0011, which drizzle cannot declare here): counters need no
// WAL, and a server crash that empties them only resets the running windows.
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true, mode: 'date' }).notNull(),
});
