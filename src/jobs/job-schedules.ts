import type { JobName } from './job-definitions';

/** A cron schedule for one kind of job; `perPortal` sends one job per synced portal at each tick. */
export interface JobSchedule {
  readonly name: JobName;
  readonly cron: string;
  readonly perPortal: boolean;
}

export interface ScheduleSettings {
  readonly JOBS_INCREMENTAL_SYNC_CRON: string;
  readonly JOBS_HEALTH_RECOMPUTE_CRON: string;
  readonly JOBS_JOURNAL_POLL_CRON: string;
  readonly JOBS_DIGESTS_CRON: string;
}

export function jobSchedules(settings: ScheduleSettings): JobSchedule[] {
  return [
    { name: 'sync.incremental', cron: settings.JOBS_INCREMENTAL_SYNC_CRON, perPortal: true },
    // Each run scores only the portals whose local today has no scores yet, so an hourly tick is a daily
    // recompute that starts within the hour after midnight in every portal's time zone.
    { name: 'health.recompute', cron: settings.JOBS_HEALTH_RECOMPUTE_CRON, perPortal: false },
    // Runs only where OAuth is configured (the handler exists there): uninstalls made inside HubSpot reach the app this way.
    { name: 'journal.poll', cron: settings.JOBS_JOURNAL_POLL_CRON, perPortal: false },
    // Hourly: each portal's digests go out from the hour its settings name, in its time zone.
    { name: 'digests.send', cron: settings.JOBS_DIGESTS_CRON, perPortal: true },
  ];
}

/** The queue whose cron ticks fan out into jobs of the scheduled kind (pg-boss keeps one schedule per queue). */
export function scheduleQueueName(name: JobName): string {
  return `${name}.schedule`;
}
