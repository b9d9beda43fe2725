import { z } from 'zod';
import { kpiSettingsSchema } from '../kpi/kpi-settings';

/** The ingestion conventions, each a setting with its documented default. */
export const ingestionSettingsSchema = z.object({
  /** The company property that holds the sender's account id; `cs_account_id` is synced into companies.account_id. */
  accountProperty: z.string().min(1).default('cs_account_id'),
  /** Same setting as the KPIs' (domain §3): sessions split after this many minutes without events. */
  sessions: kpiSettingsSchema.shape.sessions,
  /** Raw events older than this are deleted by the retention job; aggregates are kept. */
  retentionMonths: z.number().int().positive().default(13),
  maxBatchEvents: z.number().int().positive().max(5_000).default(1_000),
  /** CSV rows handled per transaction while streaming a file. */
  csvChunkRows: z.number().int().positive().default(1_000),
  /** Events dated later than now plus this many hours are rejected (clock skew allowance). */
  futureToleranceHours: z.number().nonnegative().default(24),
});

export type IngestionSettings = z.infer<typeof ingestionSettingsSchema>;
export type IngestionSettingsInput = z.input<typeof ingestionSettingsSchema>;
export const defaultIngestionSettings: IngestionSettings = ingestionSettingsSchema.parse({});
