import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  serviceMessageSchema,
  type ParentMessage,
  type ServiceConfig,
  type ServiceMessage,
  type ServiceUsage,
} from './card-service-protocol';

export interface ServiceControl {
  readonly port: number;
  /** Seconds the seed took, when the service process seeded. */
  readonly seedSeconds: number | undefined;
  /** The service processes' CPU time, SQL statements and event-loop busy time so far (summed over cluster workers). */
  usage(): Promise<ServiceUsage>;
  startProfile(): Promise<void>;
  /** Writes one .cpuprofile per service process into `directory`. */
  stopProfile(directory: string, label: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Forks card-service-process.ts (with this process's tsx loader) and waits until it listens. */
export async function startService(config: ServiceConfig): Promise<ServiceControl> {
  const child = fork(fileURLToPath(new URL('./card-service-process.ts', import.meta.url)), {
    env: { ...process.env, CARD_BENCH_SERVICE: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ServiceMessage[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (raw: unknown) => {
    messages.push(serviceMessageSchema.parse(raw));
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the service process exited (code ${String(code)})`)));
  });
  exited.catch(() => undefined);
  const next = async <T extends ServiceMessage['type']>(
    type: T,
    id?: number,
  ): Promise<Extract<ServiceMessage, { type: T }>> => {
    for (;;) {
      const index = messages.findIndex(
        (message) => message.type === type && (id === undefined || !('id' in message) || message.id === id),
      );
      if (index !== -1) return messages.splice(index, 1)[0] as Extract<ServiceMessage, { type: T }>;
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
    }
  };
  let lastId = 0;
  const send = (message: ParentMessage) => child.send(message);
  const seeded = config.seed ? await next('seeded') : undefined;
  const { port } = await next('ready');
  return {
    port,
    seedSeconds: seeded?.seconds,
    async usage() {
      const id = ++lastId;
      send({ type: 'usage', id });
      return (await next('usage', id)).usage;
    },
    async startProfile() {
      const id = ++lastId;
      send({ type: 'profile-start', id });
      await next('profile-started', id);
    },
    async stopProfile(directory, label) {
      const id = ++lastId;
      send({ type: 'profile-stop', id, directory, label });
      return (await next('profile-stopped', id)).files;
    },
    async stop() {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      send({ type: 'stop', id: ++lastId });
      await gone;
    },
  };
}
