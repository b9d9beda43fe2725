import {
  bigint,
  boolean,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();

// One per customer, opened at hand-off (its first `new` contract); the manual stage wins over the derived one.
export const onboardingRecords = pgTable(
  'onboarding_records',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    handoffDate: date('handoff_date', { mode: 'string' }).notNull(),
    touchModel: text('touch_model', { enum: ['high_touch', 'low_touch', 'tech_touch'] }).notNull(),
    manualStage: text('manual_stage', { enum: ['introduction', 'operation', 'adoption', 'established'] }),
    manualStageSetBy: text('manual_stage_set_by'),
    manualStageSetAt: timestamp('manual_stage_set_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.companyId] })],
);

export const onboardingMilestones = pgTable(
  'onboarding_milestones',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    required: boolean('required').notNull().default(true),
    position: integer('position').notNull().default(0),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'string' }),
    doneBy: text('done_by'),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.companyId, table.key] })],
);

// One row per company per day; `facts` keeps what the alerts and the next day's run need.
// Analyzed by autovacuum after each day's run (migration 0030, which drizzle cannot declare here): with the default
// threshold the newest days had no statistics while weeks of older ones were stored.
export const healthScores = pgTable(
  'health_scores',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    scoreDate: date('score_date', { mode: 'string' }).notNull(),
    score: integer('score').notNull(),
    band: text('band', { enum: ['red', 'yellow', 'green'] }).notNull(),
    stage: text('stage', { enum: ['introduction', 'operation', 'adoption', 'established'] }),
    adoptionSince: date('adoption_since', { mode: 'string' }),
    activeUsers: integer('active_users').notNull().default(0),
    seats: integer('seats'),
    // json, not jsonb: read only whole (the card, digests) and never queried inside, so it is stored as the text it
    // is; jsonb parsed every 1 kB document of a day's 100k scores on the way in (about 0.8 s of a 9 s daily run).
    explanation: json('explanation').$type<Record<string, unknown>>().notNull(),
    alerts: jsonb('alerts').$type<Record<string, unknown>[]>().notNull().default([]),
    // Candidates before dismissals, so a dismissal made after the run still hides its suggestion.
    suggestions: jsonb('suggestions').$type<Record<string, unknown>>().notNull().default({}),
    // What playbook triggers read of the explanation, kept beside it so a day's evaluation never opens the
    // explanations: the scored components' scores by component, days to renewal, and the latest NPS answer.
    // Written from the explanation together with the row (health-score-writes-repository.ts).
    componentScores: jsonb('component_scores').$type<Record<string, number>>(),
    // The scored components' points by component: with the score and component_scores, what the next month's runs
    // measure a change against, without opening the explanation.
    componentPoints: jsonb('component_points').$type<Record<string, number>>(),
    daysToRenewal: integer('days_to_renewal'),
    latestNps: smallint('latest_nps'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId, table.scoreDate] }),
    // Carries the narrow columns the daily recompute reads back for weeks of history (yesterday, the seat days,
    // the comparison day), so that read is an index-only scan instead of a pass over the explanations' heap.
    index('health_scores_date_idx').on(
      table.portalId,
      table.scoreDate,
      table.companyId,
      table.score,
      table.band,
      table.activeUsers,
      table.seats,
      table.adoptionSince,
    ),
  ],
);

// Suggestions the company's team turned down; the newest per kind and product hides it for a while.
export const dismissedSuggestions = pgTable(
  'dismissed_suggestions',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    kind: text('kind', { enum: ['seat_expansion', 'plan_upgrade', 'cross_sell'] }).notNull(),
    product: text('product').notNull(),
    reason: text('reason').notNull(),
    dismissedBy: text('dismissed_by').notNull(),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.companyId, table.kind, table.product, table.dismissedAt] })],
);
