import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Database } from '../../db/client';
import { requestCounters, type RequestCounters, type WindowCount } from '../../services/rate-limits/request-counters';

function info({ hits, resetAt }: WindowCount): ClientRateLimitInfo {
  return { totalHits: hits, resetTime: resetAt };
}

/** express-rate-limit's store on the service's database: with DATABASE_URL, every replica draws on one budget. */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private counters: RequestCounters | undefined;

  constructor(
    private readonly db: Database,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.counters = requestCounters(this.db, options.windowMs);
  }

  private started(): RequestCounters {
    if (!this.counters) throw new Error('the rate limit store was used before express-rate-limit initialised it');
    return this.counters;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const window = await this.started().read(this.prefix + key);
    return window === undefined ? undefined : info(window);
  }

  async increment(key: string): Promise<IncrementResponse> {
    return info(await this.started().hit(this.prefix + key));
  }

  async decrement(key: string): Promise<void> {
    await this.started().unhit(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.started().forget(this.prefix + key);
  }
}
