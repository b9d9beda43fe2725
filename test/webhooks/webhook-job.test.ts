import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { serviceJobHandlers } from '../../src/jobs/service-job-handlers';
import { databaseTargets } from '../support/databases';
import { RecordingJobQueue } from '../support/recording-job-queue';
import {
  deliverSigned,
  event,
  logger,
  objectEvent,
  portalId,
  startHarness,
  type WebhookHarness,
} from './webhook-harness';

// The `webhooks.process` job: which of its outcomes start a playbook evaluation and chain another job.
describe.each(databaseTargets)('the webhook processing job on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: WebhookHarness;

  beforeAll(async () => {
    handle = await target.open();
    harness = await startHarness(handle);
  });
  afterAll(async () => {
    await harness.running.close();
    await handle.close();
  });

  const deliver = (events: Record<string, unknown>[]) => deliverSigned(harness.app, events);
  // What HubSpot sends a company subscription when a task is linked to the company.
  const taskLinked = (companyId: string, taskId: number) =>
    event({
      subscriptionType: 'object.associationChange',
      associationType: 'COMPANY_TO_TASK',
      fromObjectTypeId: '0-2',
      fromObjectId: Number(companyId),
      toObjectTypeId: '0-27',
      toObjectId: taskId,
      associationRemoved: false,
      isPrimaryAssociation: false,
    });
  const runJob = async () => {
    const jobs = new RecordingJobQueue();
    const handlers = serviceJobHandlers({
      db: handle.db,
      logger,
      jobs,
      hubspotClient: () => Promise.resolve(harness.client),
    });
    await handlers['webhooks.process']?.({ portalId }, { jobId: 'test', retryCount: 0 });
    return jobs.sent.map((job) => job.name);
  };

  it('starts no playbook evaluation for events that change nothing, such as tasks linked to companies', async () => {
    await deliver([taskLinked('1001', 91), taskLinked('1002', 92)]);
    expect(await runJob()).toEqual([]);
  });

  it('starts one when a record changed', async () => {
    await deliver([
      objectEvent('propertyChange', '0-2', '1001', Date.now(), { propertyName: 'name', propertyValue: 'x' }),
    ]);
    expect(await runJob()).toEqual(['playbooks.evaluate']);
  });

  it('starts one for a change in a backlog that another job continues', async () => {
    // The change comes first in the backlog (events are processed oldest first): built after the 2,000 links, its
    // Date.now() could fall a millisecond later than theirs under load and sort it past the job's 4 chunks of 500.
    const changedAt = Date.now() - 60_000;
    const backlog = [...Array(2_000).keys()].map((index) => taskLinked('1003', 1_000 + index));
    await deliver([
      objectEvent('propertyChange', '0-2', '1003', changedAt, { propertyName: 'name', propertyValue: 'y' }),
      ...backlog,
    ]);
    expect(await runJob()).toEqual(['playbooks.evaluate', 'webhooks.process']);
    expect(await runJob()).toEqual([]);
  });
});
