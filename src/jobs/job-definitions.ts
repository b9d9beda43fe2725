import { z } from 'zod';

const portalId = z.number().int().positive();

/** Every kind of durable job and the shape of its data; a job's data is checked when sent and again when worked. */
export const jobDataSchemas = {
  'webhooks.process': z.object({ portalId }),
  'sync.full': z.object({ portalId }),
  'sync.incremental': z.object({ portalId }),
  'handoff.deal': z.object({ portalId, dealId: z.string().min(1) }),
  'writeback.companies': z.object({ portalId, companyIds: z.array(z.string().min(1)).optional() }),
  /** `force`: score again even when today is scored (the settings the scores came from have changed). */
  'health.recompute': z.object({ portalId: portalId.optional(), force: z.boolean().optional() }),
  'portal.purge': z.object({ portalId }),
  /** App-wide: reads HubSpot's webhooks journal for uninstalls made inside HubSpot. */
  'journal.poll': z.object({}),
  'risk.refresh': z.object({ portalId }),
  /** Creates the HubSpot renewal deals due today, when the portal's risk settings turn it on. */
  'renewals.deals': z.object({ portalId }),
  'playbooks.evaluate': z.object({ portalId }),
  /** Sends the portal's digests due at this hour of its time zone (each recipient's once). */
  'digests.send': z.object({ portalId }),
  /** Computes and keeps the closed KPI periods the manager view asks for, so opening it computes only the running month. */
  'kpis.keep': z.object({ portalId }),
} as const;

export type JobName = keyof typeof jobDataSchemas;
export type JobData<Name extends JobName> = z.infer<(typeof jobDataSchemas)[Name]>;

export const jobNames = Object.keys(jobDataSchemas) as JobName[];

export interface JobPolicy<Name extends JobName> {
  /**
   * `stately`: at most one waiting and one running job per singleton key (a waiting "process portal 7" job already
   * covers whatever a second one would do); `standard`: every job sent runs.
   */
  readonly policy: 'stately' | 'standard';
  readonly singletonKey?: (data: JobData<Name>) => string;
  /** Attempts after the first; the delay before attempt n is about retryDelaySeconds * 2^(n-1), with jitter. */
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /** A running job older than this counts as lost (its process died) and is retried. */
  readonly expireInSeconds: number;
}

const minutes = 60;

export const jobPolicies: { readonly [Name in JobName]: JobPolicy<Name> } = {
  'webhooks.process': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 8,
    retryDelaySeconds: 5,
    expireInSeconds: 15 * minutes,
  },
  'sync.full': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 5,
    retryDelaySeconds: 60,
    expireInSeconds: 120 * minutes,
  },
  'sync.incremental': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 5,
    retryDelaySeconds: 30,
    expireInSeconds: 30 * minutes,
  },
  'handoff.deal': {
    policy: 'stately',
    singletonKey: (data) => `${data.portalId}:${data.dealId}`,
    retryLimit: 8,
    retryDelaySeconds: 10,
    expireInSeconds: 5 * minutes,
  },
  'writeback.companies': { policy: 'standard', retryLimit: 8, retryDelaySeconds: 10, expireInSeconds: 30 * minutes },
  // A forced run waits apart from the schedule's: a waiting daily run must not swallow the rescoring a settings change asked for.
  'health.recompute': {
    policy: 'stately',
    singletonKey: (data) => `${data.portalId ?? 'all'}${data.force ? ':force' : ''}`,
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 60 * minutes,
  },
  'portal.purge': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 5,
    retryDelaySeconds: 60,
    expireInSeconds: 30 * minutes,
  },
  // The next tick polls again anyway: a few retries cover a HubSpot hiccup without piling up.
  'journal.poll': {
    policy: 'stately',
    singletonKey: () => 'app',
    retryLimit: 2,
    retryDelaySeconds: 20,
    expireInSeconds: 10 * minutes,
  },
  'risk.refresh': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 30 * minutes,
  },
  // Each renewal's deal is claimed before it is created, so a retry makes no second one.
  'renewals.deals': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 3,
    retryDelaySeconds: 300,
    expireInSeconds: 30 * minutes,
  },
  // A waiting evaluation covers every signal that arrived before it ran.
  'playbooks.evaluate': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 5,
    retryDelaySeconds: 30,
    expireInSeconds: 30 * minutes,
  },
  // Every delivery is claimed before it is sent: a retry sends only what failed.
  'digests.send': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 5,
    retryDelaySeconds: 120,
    expireInSeconds: 30 * minutes,
  },
  // A waiting run covers every change before it; periods already kept are only read.
  'kpis.keep': {
    policy: 'stately',
    singletonKey: (data) => String(data.portalId),
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 60 * minutes,
  },
};

export interface JobContext {
  readonly jobId: string;
  /** 0 on the first attempt. */
  readonly retryCount: number;
}

export type JobHandler<Name extends JobName> = (data: JobData<Name>, context: JobContext) => Promise<void>;

/** The handlers this process works; start-up builds them from their services' dependencies. */
export type JobHandlers = { readonly [Name in JobName]?: JobHandler<Name> };

/** The queue holding a kind's jobs that exhausted their retries. */
export function deadLetterQueueName(name: JobName): string {
  return `${name}.dead-letter`;
}
