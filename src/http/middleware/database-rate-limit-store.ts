import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Database } from '../../db/client';
import { requestCounters, type RequestCounters, type WindowCount } from '../../services/rate-limits/request-counters';

/**
 * How long a read of a key's window answers further reads in this replica. A signed card request reads its
 * address's budget on every call (perIpRateLimit): at 1,000 calls a second that read was half the service's SQL.
 * Another replica's hits show up here this much later at most; this replica's own hits drop the read at once.
 */
export const budgetReadFreshMilliseconds = 1_000;
// Addresses remembered at most; past it the reads start over (a flood of addresses must not grow the map).
const maxRememberedReads = 10_000;

function info({ hits, resetAt }: WindowCount): ClientRateLimitInfo {
  return { totalHits: hits, resetTime: resetAt };
}

interface RecentRead {
  readonly window: Promise<WindowCount | undefined>;
  readonly freshUntil: number;
}

/** express-rate-limit's store on the service's database: with DATABASE_URL, every replica draws on one budget. */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private counters: RequestCounters | undefined;
  private readonly recentReads = new Map<string, RecentRead>();

  constructor(
    private readonly db: Database,
    readonly prefix: string,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  init(options: Options): void {
    this.counters = requestCounters(this.db, options.windowMs);
  }

  private started(): RequestCounters {
    if (!this.counters) throw new Error('the rate limit store was used before express-rate-limit initialised it');
    return this.counters;
  }

  private read(key: string): Promise<WindowCount | undefined> {
    const now = this.clock();
    const recent = this.recentReads.get(key);
    if (recent && recent.freshUntil > now) return recent.window;
    if (this.recentReads.size >= maxRememberedReads) this.recentReads.clear();
    const read: RecentRead = {
      window: this.started().read(this.prefix + key),
      freshUntil: now + budgetReadFreshMilliseconds,
    };
    this.recentReads.set(key, read);
    read.window.catch(() => {
      if (this.recentReads.get(key) === read) this.recentReads.delete(key);
    });
    return read.window;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const window = await this.read(key);
    // A remembered window may have ended since it was read: a new one starts empty.
    return window === undefined || window.resetAt.getTime() <= Date.now() ? undefined : info(window);
  }

  async increment(key: string): Promise<IncrementResponse> {
    this.recentReads.delete(key);
    return info(await this.started().hit(this.prefix + key));
  }

  async decrement(key: string): Promise<void> {
    this.recentReads.delete(key);
    await this.started().unhit(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    this.recentReads.delete(key);
    await this.started().forget(this.prefix + key);
  }
}
