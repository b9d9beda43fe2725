import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();

// A portal's playbooks: the definition is the zod-validated domain shape (src/domain/playbooks).
export const playbooks = pgTable(
  'playbooks',
  {
    portalId: portalId(),
    id: text('id').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.id] })],
);

// One row per time a playbook fired for a company; at most one open per company and playbook.
export const playbookRuns = pgTable(
  'playbook_runs',
  {
    portalId: portalId(),
    id: text('id').notNull(),
    playbookId: text('playbook_id').notNull(),
    companyId: text('company_id').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    heldOut: boolean('held_out').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    scoreAtOpen: integer('score_at_open').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closeReason: text('close_reason', {
      enum: ['tasks_completed', 'trigger_cleared', 'expired', 'playbook_removed', 'company_merged'],
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.id] }),
    uniqueIndex('playbook_runs_one_open_idx')
      .on(table.portalId, table.playbookId, table.companyId)
      .where(sql`${table.status} = 'open'`),
    index('playbook_runs_company_idx').on(table.portalId, table.companyId),
    index('playbook_runs_playbook_idx').on(table.portalId, table.playbookId, table.openedOn),
  ],
);

// A run's steps: `claim` is written before HubSpot is called, so one worker performs each step once.
export const playbookRunSteps = pgTable(
  'playbook_run_steps',
  {
    portalId: portalId(),
    runId: text('run_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['task', 'note', 'company_property', 'webhook'] }).notNull(),
    state: text('state', { enum: ['pending', 'claimed', 'unconfirmed', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    claim: text('claim'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    hubspotId: text('hubspot_id'),
    /** HubSpot's hs_task_status for a task, as last synced. */
    taskStatus: text('task_status'),
    /** HubSpot's hs_task_completion_date for a completed task, as last synced. */
    taskCompletedAt: timestamp('task_completed_at', { withTimezone: true }),
    dueOn: date('due_on', { mode: 'string' }),
    title: text('title').notNull(),
    error: text('error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.runId, table.position] }),
    index('playbook_run_steps_hubspot_idx').on(table.portalId, table.kind, table.state),
  ],
);
