import type { JobData, JobName, JobQueue, SendOptions } from '../../src/jobs/job-queue';

/** A job queue that only records what is sent, for tests that call job handlers directly. */
export class RecordingJobQueue implements JobQueue {
  readonly sent: { name: JobName; data: unknown; options?: SendOptions }[] = [];
  send<Name extends JobName>(name: Name, data: JobData<Name>, options?: SendOptions): Promise<void> {
    this.sent.push(options === undefined ? { name, data } : { name, data, options });
    return Promise.resolve();
  }
}
