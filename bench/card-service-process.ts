// The service under test, in a process of its own (forked by card-service-control.ts), so its CPU time and
// profile hold the service alone, not the load generator. With `workers` > 1 it is a node:cluster primary
// that forks that many service processes sharing one port, as replicas behind a load balancer would.
import cluster, { type Worker } from 'node:cluster';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { createLogger } from '../src/config/logger';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { createApp } from '../src/http/app';
import { verifyHubSpotSignature } from '../src/http/middleware/hubspot-signature';
import { featureModules } from '../src/http/feature-modules';
import { jsonBody } from '../src/http/routes/card-routes';
import { seedPortfolio } from './card-endpoint-seed';
import {
  parentMessageSchema,
  serviceConfigSchema,
  serviceMessageSchema,
  type ParentMessage,
  type ServiceConfig,
  type ServiceMessage,
  type ServicePauses,
  type ServiceUsage,
} from './card-service-protocol';
import { installPauseMonitor } from './pause-monitor';
import { installQueryCounter } from './query-counter';

const config = serviceConfigSchema.parse(JSON.parse(process.env.CARD_BENCH_SERVICE ?? '{}'));
const queries = installQueryCounter();
const pauses = installPauseMonitor();
const reply = (message: unknown) => process.send?.(message);

function ownUsage(): ServiceUsage {
  const cpu = process.cpuUsage();
  return {
    userMicroseconds: cpu.user,
    systemMicroseconds: cpu.system,
    statements: queries.count(),
    eventLoopActiveMilliseconds: performance.eventLoopUtilization().active,
    pauses: pauses.read(),
  };
}

async function openServiceDatabase(settings: ServiceConfig): Promise<DatabaseHandle> {
  return settings.databaseUrl === undefined
    ? openDatabase({ dataDir: 'memory' })
    : openDatabase({ databaseUrl: settings.databaseUrl, poolSize: 10 });
}

function signedPingModule(settings: ServiceConfig) {
  // The baseline: the same middleware and signature check, and one `select 1` round trip.
  return (app: Express, { db }: { db: DatabaseHandle['db'] }): void => {
    app.get(settings.signedPingPath, jsonBody, verifyHubSpotSignature(settings), async (_request, response) => {
      await db.execute(sql`select 1`);
      response.json({ ok: true });
    });
  };
}

async function seed(handle: DatabaseHandle, settings: ServiceConfig): Promise<void> {
  const started = Date.now();
  await seedPortfolio(handle, settings.size, Date.now());
  reply({ type: 'seeded', seconds: (Date.now() - started) / 1000 });
}

/**
 * One service process: the app as `npm start` serves a real portal (every feature module, API keys required,
 * no preview), plus the baseline route mounted after them, on `port` (0: any).
 */
async function serve(settings: ServiceConfig, port: number): Promise<number> {
  const handle = await openServiceDatabase(settings);
  if (settings.seed) await seed(handle, settings);
  const modules = [
    ...featureModules({ clientSecret: settings.clientSecret, publicUrl: settings.publicUrl, preview: false }),
    signedPingModule(settings),
  ];
  // As `npm start` does: with a Postgres server the rate limits count in the database.
  const app = createApp({
    db: handle.db,
    logger: createLogger('silent'),
    modules,
    apiAuth: 'keys',
    rateLimitStore: handle.kind === 'postgres' ? 'database' : 'memory',
  });
  const server = app.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  let profiler: Session | undefined;
  process.on('message', (raw: unknown) => {
    const message = parentMessageSchema.parse(raw);
    void (async () => {
      if (message.type === 'usage') reply({ type: 'usage', id: message.id, usage: ownUsage() });
      if (message.type === 'profile-start') {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
        // Every allocation sampled, also those a garbage collection already freed: that is where GC time comes from.
        await profiler.post('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
        reply({ type: 'profile-started', id: message.id });
      }
      if (message.type === 'profile-stop' && profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        const { profile: heap } = await profiler.post('HeapProfiler.stopSampling');
        const fileOf = (extension: string) =>
          path.join(message.directory, `${message.label}-${process.pid}.${extension}`);
        await writeFile(fileOf('cpuprofile'), JSON.stringify(profile));
        await writeFile(fileOf('heapprofile'), JSON.stringify(heap));
        profiler.disconnect();
        reply({ type: 'profile-stopped', id: message.id, files: [fileOf('cpuprofile'), fileOf('heapprofile')] });
      }
      if (message.type === 'stop') {
        server.closeAllConnections();
        server.close();
        await handle.close();
        process.exit(0);
      }
    })();
  });
  return (server.address() as AddressInfo).port;
}

/** The cluster primary: seeds once, forks the workers and answers for all of them (usage summed, profiles listed). */
async function primary(settings: ServiceConfig): Promise<void> {
  if (settings.seed) {
    const handle = await openServiceDatabase(settings);
    await seed(handle, settings);
    await handle.close();
  }
  const workers: Worker[] = [];
  const ports = await Promise.all(
    Array.from({ length: settings.workers }, () => {
      const worker = cluster.fork({ CARD_BENCH_SERVICE: JSON.stringify({ ...settings, seed: false, workers: 1 }) });
      workers.push(worker);
      return new Promise<number>((resolve) => worker.on('listening', (address) => resolve(address.port)));
    }),
  );
  const ask = (worker: Worker, message: ParentMessage) =>
    new Promise<ServiceMessage>((resolve) => {
      const listener = (raw: unknown) => {
        const answer = serviceMessageSchema.parse(raw);
        if (!('id' in answer) || answer.id !== message.id) return;
        worker.off('message', listener);
        resolve(answer);
      };
      worker.on('message', listener);
      worker.send(message);
    });
  process.on('message', (raw: unknown) => {
    const message = parentMessageSchema.parse(raw);
    if (message.type === 'stop') {
      let running = workers.length;
      cluster.on('exit', () => {
        if (--running === 0) process.exit(0);
      });
      for (const worker of workers) worker.send(message);
      return;
    }
    void Promise.all(workers.map((worker) => ask(worker, message))).then((answers) => {
      if (message.type === 'usage') {
        const usages = [ownUsage(), ...answers.flatMap((answer) => (answer.type === 'usage' ? [answer.usage] : []))];
        const sum = (key: Exclude<keyof ServiceUsage, 'pauses'>) =>
          usages.reduce((total, usage) => total + usage[key], 0);
        const worst = (key: keyof ServicePauses) => Math.max(...usages.map((usage) => usage.pauses[key]));
        const usage: ServiceUsage = {
          userMicroseconds: sum('userMicroseconds'),
          systemMicroseconds: sum('systemMicroseconds'),
          statements: sum('statements'),
          eventLoopActiveMilliseconds: sum('eventLoopActiveMilliseconds'),
          pauses: {
            gcMilliseconds: usages.reduce((total, usage) => total + usage.pauses.gcMilliseconds, 0),
            longestGcMilliseconds: worst('longestGcMilliseconds'),
            majorGcs: usages.reduce((total, usage) => total + usage.pauses.majorGcs, 0),
            loopDelayP99Milliseconds: worst('loopDelayP99Milliseconds'),
            loopDelayMaxMilliseconds: worst('loopDelayMaxMilliseconds'),
          },
        };
        reply({ type: 'usage', id: message.id, usage });
      } else if (message.type === 'profile-start') {
        reply({ type: 'profile-started', id: message.id });
      } else {
        reply({
          type: 'profile-stopped',
          id: message.id,
          files: answers.flatMap((answer) => (answer.type === 'profile-stopped' ? answer.files : [])),
        });
      }
    });
  });
  reply({ type: 'ready', port: ports[0] });
}

if (cluster.isPrimary && config.workers > 1) {
  await primary(config);
} else if (cluster.isPrimary) {
  reply({ type: 'ready', port: await serve(config, 0) });
} else {
  // A cluster worker: under node:cluster, listen(0) gives every worker the same port.
  await serve(config, 0);
}
