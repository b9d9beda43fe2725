import { z } from 'zod';
import { renewalDealSettingsSchema } from '../renewals/renewal-deals';
import { renewalSettingsSchema } from '../renewals/renewal-records';
import { backtestSettingsSchema } from './backtest';

/** A portal's churn-risk settings: how the model is backtested and retrained, and what counts as a renewal. */
export const riskSettingsSchema = z.object({
  backtest: backtestSettingsSchema.prefault({}),
  renewal: renewalSettingsSchema.prefault({}),
  /** How many core features the plan has, for the health score's breadth; null leaves breadth out. */
  coreFeaturesAvailable: z.number().int().positive().nullable().default(null),
  /** A stored model older than this is trained again by the daily risk job. */
  retrainEveryDays: z.number().int().min(1).max(90).default(7),
  renewalDeal: renewalDealSettingsSchema.prefault({}),
});
export type RiskSettings = z.infer<typeof riskSettingsSchema>;
