import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { startJobQueue, type RunningJobQueue } from '../../src/jobs/start-job-queue';
import { databaseTargets } from '../support/databases';
import { event, setUpIngestion } from './ingestion-harness';
import { ifStarted } from '../support/if-started';

describe.each(databaseTargets)('ingestion asks for a playbook evaluation on $name', (target) => {
  let handle: DatabaseHandle;
  let queue: RunningJobQueue;

  beforeAll(async () => {
    handle = await target.open();
    // No worker for the kind: the evaluations stay waiting, to be counted.
    queue = await startJobQueue({ database: handle, logger: createLogger('silent'), handlers: {}, schedules: [] });
  });
  afterAll(async () => {
    await ifStarted(queue)?.stop();
    await ifStarted(handle)?.close();
  });

  it('queues one debounced evaluation per portal for a burst of batches and survey answers', async () => {
    const harness = await setUpIngestion(handle, {}, queue);
    const waiting = async () => (await queue.status()).find((row) => row.name === 'playbooks.evaluate')?.waiting ?? 0;
    const post = (path: string, body: object, key = harness.key) =>
      request(harness.app).post(path).set('Authorization', `Bearer ${key}`).send(body);
    const batch = (id: string) => ({ events: [event(id)] });

    await post('/api/v1/usage/batch', batch('m0')).expect(200);
    expect((await post('/api/v1/usage/batch', batch('m0')).expect(200)).body).toMatchObject({ stored: 0 });
    await Promise.all(['m1', 'm2', 'm3', 'm4'].map((id) => post('/api/v1/usage/batch', batch(id)).expect(200)));
    await post('/api/v1/surveys', {
      responses: [{ id: 's1', companyId: 'c1', kind: 'nps', score: 3, submittedAt: '2026-03-02T10:00:00Z' }],
    }).expect(200);
    expect(await waiting()).toBe(1);
    // Another portal's batch waits apart.
    await post('/api/v1/usage/batch', { events: [event('o1', { companyId: 'c9' })] }, harness.otherKey).expect(200);
    expect(await waiting()).toBe(2);
  });
});
