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
} from 'drizzle-orm/pg-core';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** What every synced CRM record keeps besides its own columns: all its properties and HubSpot's timestamps. */
const syncedRecordColumns = () => ({
  properties: jsonb('properties').$type<Record<string, string | null>>().notNull().default({}),
  hubspotCreatedAt: timestamp('hubspot_created_at', { withTimezone: true }),
  hubspotUpdatedAt: timestamp('hubspot_updated_at', { withTimezone: true }),
  archived: boolean('archived').notNull().default(false),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
});

export const portals = pgTable('portals', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  name: text('name'),
  timeZone: text('time_zone').notNull().default('UTC'),
  currency: text('currency').notNull().default('USD'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const owners = pgTable(
  'owners',
  {
    portalId: portalId(),
    id: text('id').notNull(),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    userId: bigint('user_id', { mode: 'number' }),
    teams: jsonb('teams').$type<{ id: string; name: string; primary: boolean }[]>().notNull().default([]),
    archived: boolean('archived').notNull().default(false),
    hubspotUpdatedAt: timestamp('hubspot_updated_at', { withTimezone: true }),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.id] })],
);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    portalId: portalId(),
    objectType: text('object_type').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    pipelineLabel: text('pipeline_label').notNull(),
    id: text('id').notNull(),
    label: text('label').notNull(),
    displayOrder: integer('display_order').notNull().default(0),
    isClosed: boolean('is_closed').notNull().default(false),
    probability: text('probability'),
    isClosedWon: boolean('is_closed_won').notNull().default(false),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.objectType, table.pipelineId, table.id] })],
);

export const companies = pgTable(
  'companies',
  {
    portalId: portalId(),
    id: text('id').notNull(),
    name: text('name'),
    domain: text('domain'),
    industry: text('industry'),
    ownerId: text('owner_id'),
    lifecycleStage: text('lifecycle_stage'),
    tier: text('tier'),
    accountId: text('account_id'),
    ...syncedRecordColumns(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.id] }),
    index('companies_owner_idx').on(table.portalId, table.ownerId),
    index('companies_name_idx').on(table.portalId, table.name),
    // Ingestion matches account ids to companies by this column (the default `cs_account_id` property).
    index('companies_account_idx').on(table.portalId, table.accountId),
    // The card finds a company's subsidiaries by their parent (HubSpot's `hs_parent_company_id`).
    index('companies_parent_idx')
      .on(table.portalId, sql`(${table.properties} ->> 'hs_parent_company_id')`)
      .where(sql`not ${table.archived}`),
  ],
);

export const deals = pgTable(
  'deals',
  {
    portalId: portalId(),
    id: text('id').notNull(),
    name: text('name'),
    amount: text('amount'),
    closeDate: timestamp('close_date', { withTimezone: true }),
    pipelineId: text('pipeline_id'),
    stageId: text('stage_id'),
    dealType: text('deal_type'),
    ownerId: text('owner_id'),
    primaryCompanyId: text('primary_company_id'),
    ...syncedRecordColumns(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.id] }),
    index('deals_primary_company_idx').on(table.portalId, table.primaryCompanyId),
  ],
);

export const dealCompanies = pgTable(
  'deal_companies',
  {
    portalId: portalId(),
    dealId: text('deal_id').notNull(),
    companyId: text('company_id').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.dealId, table.companyId] }),
    index('deal_companies_company_idx').on(table.portalId, table.companyId),
  ],
);

// Derived from deals per domain.md §1.1; rebuilt whenever a deal or the stage metadata changes.
export const contracts = pgTable(
  'contracts',
  {
    portalId: portalId(),
    dealId: text('deal_id').notNull(),
    companyId: text('company_id').notNull(),
    kind: text('kind').notNull(),
    product: text('product').notNull(),
    mrrMinor: bigint('mrr_minor', { mode: 'number' }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    closeDate: date('close_date', { mode: 'string' }),
    seats: integer('seats'),
    derivedAt: timestamp('derived_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.dealId] }),
    index('contracts_company_idx').on(table.portalId, table.companyId),
    index('contracts_period_idx').on(table.portalId, table.startDate, table.endDate),
    // The KPI query's upsell and cross-sell deals closed in a range, without reading every contract.
    index('contracts_expansion_close_idx')
      .on(table.portalId, table.closeDate)
      .where(sql`${table.kind} in ('upsell', 'cross_sell')`),
  ],
);

export const syncStates = pgTable(
  'sync_states',
  {
    portalId: portalId(),
    objectType: text('object_type').notNull(),
    status: text('status', { enum: ['idle', 'running', 'complete', 'failed'] })
      .notNull()
      .default('idle'),
    cursor: text('cursor'),
    recordsSynced: integer('records_synced').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    lastError: text('last_error'),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.objectType] })],
);
