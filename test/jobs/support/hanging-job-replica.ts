// A replica for the liveness test: sends one `handoff.deal` job, starts working it, and never finishes (it is SIGKILLed).
import { parseEnv } from '../../../src/config/env';
import { createLogger } from '../../../src/config/logger';
import { openConfiguredDatabase } from '../../../src/cli/runtime';
import { startJobQueue } from '../../../src/jobs/start-job-queue';

const env = parseEnv();
const database = await openConfiguredDatabase(env);
const queue = await startJobQueue({
  database,
  logger: createLogger(env.LOG_LEVEL),
  handlers: {
    'handoff.deal': async (data) => {
      process.stdout.write(`running ${data.dealId}\n`);
      await new Promise(() => undefined);
    },
  },
  tuning: { pollingIntervalSeconds: 0.5, expireInSeconds: 900, liveness: { heartbeatSeconds: 1, lostAfterSeconds: 3 } },
});
await queue.send('handoff.deal', { portalId: 1, dealId: 'deal-of-the-dead-replica' });
