import { z } from 'zod';

/** What the bench tells its service process (as JSON in CARD_BENCH_SERVICE). */
export const serviceConfigSchema = z.object({
  /** Unset: an in-memory PGlite, which only the one service process can use. */
  databaseUrl: z.string().optional(),
  seed: z.boolean(),
  size: z.object({ companies: z.number().int().positive(), eventsPerCompany: z.number().int().nonnegative() }),
  clientSecret: z.string().min(1),
  publicUrl: z.url(),
  signedPingPath: z.string().startsWith('/'),
  workers: z.number().int().positive(),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('usage'), id: z.number() }),
  z.object({ type: z.literal('profile-start'), id: z.number() }),
  z.object({ type: z.literal('profile-stop'), id: z.number(), directory: z.string(), label: z.string() }),
  z.object({ type: z.literal('stop'), id: z.number() }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** Event-loop stalls (pause-monitor.ts); all but `gcMilliseconds` since the previous usage message. */
export const servicePausesSchema = z.object({
  /** Time in garbage collection so far (every kind; most of it short scavenges). */
  gcMilliseconds: z.number(),
  longestGcMilliseconds: z.number(),
  majorGcs: z.number(),
  loopDelayP99Milliseconds: z.number(),
  loopDelayMaxMilliseconds: z.number(),
});
export type ServicePauses = z.infer<typeof servicePausesSchema>;

export const serviceUsageSchema = z.object({
  userMicroseconds: z.number(),
  /** Kernel time: on loopback most of it is the socket writes to Postgres and to the client. */
  systemMicroseconds: z.number(),
  statements: z.number(),
  eventLoopActiveMilliseconds: z.number(),
  /** Over cluster workers: the GC time summed, the longest pause and the worst delays of any one worker. */
  pauses: servicePausesSchema,
});
export type ServiceUsage = z.infer<typeof serviceUsageSchema>;

export const serviceMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('seeded'), seconds: z.number() }),
  z.object({ type: z.literal('ready'), port: z.number().int() }),
  z.object({ type: z.literal('usage'), id: z.number(), usage: serviceUsageSchema }),
  z.object({ type: z.literal('profile-started'), id: z.number() }),
  z.object({ type: z.literal('profile-stopped'), id: z.number(), files: z.array(z.string()) }),
]);
export type ServiceMessage = z.infer<typeof serviceMessageSchema>;
