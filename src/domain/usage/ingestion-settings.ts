import { z } from 'zod';
import { kpiSettingsSchema } from '../kpi/kpi-settings';

/** The ingestion conventions, each a setting with its documented default. */
export const ingestionSettingsSchema = z.object({
  /** The company property that holds the sender's account id; `cs_account_id` is synced into companies.account_id. */
  accountProperty: z.string().min(1).default('cs_account_id'),
  /** An account id equal to a synced HubSpot company id matches that company (after `accountProperty`, before the domain). */
  matchCompanyId: z.boolean().default(true),
  /** Same setting as the KPIs' (domain §3): sessions split after this many minutes without events. */
  sessions: kpiSettingsSchema.shape.sessions,
  /** Raw events older than this are deleted by the retention job; aggregates are kept. */
  retentionMonths: z.number().int().positive().default(13),
  maxBatchEvents: z.number().int().positive().max(5_000).default(1_000),
  /** CSV rows handled per transaction while streaming a file. */
  csvChunkRows: z.number().int().positive().default(1_000),
  /** One CSV upload: at most this many bytes and data rows; one record (row) at most this many characters. */
  csvMaxBytes: z
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  csvMaxRows: z.number().int().positive().default(1_000_000),
  csvMaxRecordCharacters: z
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Events dated later than now plus this many hours are rejected (clock skew allowance). */
  futureToleranceHours: z.number().nonnegative().default(24),
  /**
   * false: an ingestion transaction answers without waiting for its WAL flush (Postgres
   * `synchronous_commit = off`). A crash of the database server may then lose the batches acknowledged
   * in its last moments (up to three times `wal_writer_delay`), whole: never half of one, nor anything
   * else. The data stays consistent; the sender was told "stored". Opt-in; other writes stay durable.
   */
  synchronousCommit: z.boolean().default(true),
});

export type IngestionSettings = z.infer<typeof ingestionSettingsSchema>;
export type IngestionSettingsInput = z.input<typeof ingestionSettingsSchema>;
export const defaultIngestionSettings: IngestionSettings = ingestionSettingsSchema.parse({});
