// A stand-in for the service in the kill test: works `handoff.deal` jobs whose effect is an idempotent insert.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { parseEnv } from '../../../src/config/env';
import { createLogger } from '../../../src/config/logger';
import { openConfiguredDatabase } from '../../../src/cli/runtime';
import { startJobQueue } from '../../../src/jobs/start-job-queue';

export const effectsPortalId = 1;

const { values } = parseArgs({ options: { jobs: { type: 'string' }, enqueue: { type: 'boolean', default: false } } });
const total = Number(values.jobs);
const env = parseEnv();
const database = await openConfiguredDatabase(env);
const { db } = database;
await db.execute(
  sql`create table if not exists job_effects (portal_id integer not null, key text not null, primary key (portal_id, key))`,
);
const countEffects = async () => {
  const result = await db.execute(
    sql`select count(*)::int as count from job_effects where portal_id = ${effectsPortalId}`,
  );
  return (result as { rows: Array<{ count: number }> }).rows[0]?.count ?? 0;
};
process.stdout.write(`effects before ${await countEffects()}\n`);

let worked = 0;
const queue = await startJobQueue({
  database,
  logger: createLogger(env.LOG_LEVEL),
  handlers: {
    'handoff.deal': async (data) => {
      await db.execute(
        sql`insert into job_effects (portal_id, key) values (${data.portalId}, ${data.dealId}) on conflict do nothing`,
      );
      worked += 1;
      process.stdout.write(`worked ${worked}\n`);
      // Slow enough that the kill lands while jobs remain.
      await sleep(5);
    },
  },
  tuning: {
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: 1,
    retryDelaySeconds: 1,
    expireInSeconds: env.JOBS_EXPIRE_IN_SECONDS ?? 2,
  },
});
if (values.enqueue) {
  for (let index = 0; index < total; index += 1)
    await queue.send('handoff.deal', { portalId: effectsPortalId, dealId: `deal-${index}` });
  process.stdout.write(`enqueued ${total}\n`);
}

for (;;) {
  const counts = (await queue.status()).find((row) => row.name === 'handoff.deal');
  const effects = await countEffects();
  if (effects === total && counts && counts.waiting + counts.retrying + counts.active === 0) {
    process.stdout.write(`finished with ${effects} effects\n`);
    break;
  }
  await sleep(200);
}
await queue.stop();
await database.close();
