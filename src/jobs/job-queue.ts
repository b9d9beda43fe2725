import type { JobData, JobName } from './job-definitions';

export type { JobData, JobName } from './job-definitions';

export interface SendOptions {
  /** Jobs of a deduplicated kind with the same key wait once; by default the kind derives it from the data. */
  readonly singletonKey?: string;
  readonly startAfterSeconds?: number;
}

/**
 * What services see of the durable queue: they enqueue work and never import pg-boss. Send after your
 * transaction commits: on the embedded database a send waits for any open transaction, its own caller's too.
 */
export interface JobQueue {
  send<Name extends JobName>(name: Name, data: JobData<Name>, options?: SendOptions): Promise<void>;
}
