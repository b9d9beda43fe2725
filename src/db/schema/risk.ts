import {
  bigint,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * The portal's churn-risk predictor as last trained: the method chosen (its own model or the health score), the
 * model's coefficients, the window of renewals it learned from, and the backtest figures that chose it.
 */
export const riskModels = pgTable('risk_models', {
  portalId: bigint('portal_id', { mode: 'number' }).primaryKey(),
  trainedAt: timestamp('trained_at', { withTimezone: true, mode: 'string' }).notNull(),
  asOf: date('as_of', { mode: 'string' }).notNull(),
  method: text('method', { enum: ['model', 'health-score'] }).notNull(),
  reason: text('reason').notNull(),
  model: jsonb('model').$type<unknown>(),
  backtest: jsonb('backtest').$type<unknown>().notNull(),
  trainingExamples: integer('training_examples').notNull(),
  trainingFirstRenewal: date('training_first_renewal', { mode: 'string' }),
  trainingLastRenewal: date('training_last_renewal', { mode: 'string' }),
  /** The risk settings it was trained under: a change of them retrains. */
  settingsFingerprint: text('settings_fingerprint').notNull(),
});

/** Each company's churn risk at its next renewal, as the stored predictor scored it on `asOf`; written back to HubSpot. */
export const companyRisks = pgTable(
  'company_risks',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    companyId: text('company_id').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    method: text('method', { enum: ['model', 'health-score'] }).notNull(),
    churnProbability: doublePrecision('churn_probability'),
    healthScore: integer('health_score'),
    drivers: jsonb('drivers').$type<unknown>().notNull(),
    nextRenewalDate: date('next_renewal_date', { mode: 'string' }),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.companyId] })],
);
