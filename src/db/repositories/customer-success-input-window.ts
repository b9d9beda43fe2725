/** What one health-input read covers: the portal, the day, the session rules and which companies. */
export interface InputWindow {
  readonly portalId: number;
  readonly asOf: string;
  readonly timeZone: string;
  readonly sessionGapMinutes: number;
  readonly useSessionIds: boolean;
  readonly coreProductId: string;
  /** Limits the rows to these companies; all customers of the portal when absent. */
  readonly companyIds?: readonly string[];
  /**
   * Splits the companies by a hash of their id into this many statements run at once on the pool's
   * connections (each company's inputs depend on its own rows only). Only with a pool, never a transaction.
   */
  readonly parallelStatements?: number;
  /**
   * Where usage is read: the daily aggregates ingestion keeps (the default), or the raw events, the
   * reference the aggregates are checked against.
   */
  readonly usageSource?: 'aggregates' | 'events';
}
