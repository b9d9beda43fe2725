import { Client } from '@hubspot/api-client';
import { sql } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { rowsOf } from '../support/sql-rows';
import { syncFeedbackSubmissions } from '../../src/services/sync/feedback-sync';
import { createSandbox } from '../../src/sandbox/server';
import { databaseTargets } from '../support/databases';

const portalId = 4242;
const noRetry = { retry: { retries: 0 } };

async function startSandboxWithSurveys() {
  const sandbox = createSandbox({ rateLimit: false });
  const { objects, associations } = sandbox.store;
  const company = objects.create('companies', { name: 'Acme' });
  const submit = (values: Record<string, string>, companyId?: string) => {
    const submission = objects.create('feedback_submissions', values, { trusted: true });
    if (companyId) associations.add('feedback_submissions', submission.id, companyId, 90_001);
    return submission;
  };
  const nps = submit(
    {
      hs_survey_type: 'NPS',
      hs_response_value: '9',
      hs_submission_timestamp: '2026-03-02T10:00:00Z',
      hs_content: 'Great',
    },
    company.id,
  );
  submit(
    { hs_survey_type: 'CSAT', hs_response_value: '4', hs_submission_timestamp: '2026-03-03T10:00:00Z' },
    company.id,
  );
  submit(
    { hs_survey_type: 'CES', hs_response_value: '6', hs_submission_timestamp: '2026-03-03T11:00:00Z' },
    company.id,
  );
  submit({ hs_survey_type: 'NPS', hs_response_value: '3', hs_submission_timestamp: '2026-03-04T10:00:00Z' });
  const running = await sandbox.start(0);
  const client = new Client({ accessToken: 'sandbox-token', basePath: running.url, numberOfApiCallRetries: 0 });
  return { sandbox, running, client, companyId: company.id, npsId: nps.id };
}

describe.each(databaseTargets)('HubSpot feedback submissions sync on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('stores NPS and CSAT submissions with their company once, page after page, and leaves the rest out', async () => {
    const { running, client, companyId, npsId } = await startSandboxWithSurveys();
    try {
      const first = await syncFeedbackSubmissions(client, handle.db, portalId, { pageSize: 2, ...noRetry });
      expect(first).toEqual({
        status: 'synced',
        submissions: 4,
        stored: 2,
        duplicates: 0,
        notNpsOrCsat: 1,
        withoutCompany: 1,
      });
      const again = await syncFeedbackSubmissions(client, handle.db, portalId, { pageSize: 2, ...noRetry });
      expect(again).toMatchObject({ stored: 0, duplicates: 2 });
      const rows = rowsOf<{
        id: string;
        company_id: string;
        kind: string;
        score: number;
        source: string;
        from_hubspot: boolean;
        comment: string | null;
      }>(
        await handle.db.execute(
          sql`select id, company_id, kind, score, source, from_hubspot, comment from survey_responses where portal_id = ${portalId} order by submitted_at`,
        ),
      );
      expect(rows).toEqual([
        {
          id: `hubspot:${npsId}`,
          company_id: companyId,
          kind: 'nps',
          score: 9,
          source: 'hubspot',
          from_hubspot: true,
          comment: 'Great',
        },
        expect.objectContaining({ company_id: companyId, kind: 'csat', score: 4 }),
      ]);
    } finally {
      await running.close();
    }
  });

  it('reports a portal without surveys or without the scope as not available instead of failing', async () => {
    nock.disableNetConnect();
    const scope = nock('https://hubspot.test')
      .get('/crm/v3/objects/feedback_submissions')
      .query(true)
      .reply(403, {
        status: 'error',
        category: 'MISSING_SCOPES',
        message: "This app hasn't been granted all required scopes to make this call.",
      })
      .get('/crm/v3/objects/feedback_submissions')
      .query(true)
      .reply(404, {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: 'Unable to infer object type from: feedback_submissions',
      });
    const client = new Client({ accessToken: 'token', basePath: 'https://hubspot.test', numberOfApiCallRetries: 0 });
    expect(await syncFeedbackSubmissions(client, handle.db, portalId, noRetry)).toEqual({
      status: 'not_available',
      httpStatus: 403,
    });
    expect(await syncFeedbackSubmissions(client, handle.db, portalId, noRetry)).toEqual({
      status: 'not_available',
      httpStatus: 404,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('keeps survey responses read-only in the sandbox, as HubSpot does', async () => {
    const { running, client } = await startSandboxWithSurveys();
    try {
      await expect(
        client.crm.objects.basicApi.create('feedback_submissions', { properties: {}, associations: [] }),
      ).rejects.toMatchObject({
        code: 400,
        body: expect.objectContaining({ message: 'FEEDBACK_SUBMISSION objects are read-only through the API' }),
      });
      await expect(client.crm.objects.basicApi.archive('feedback_submissions', '1')).rejects.toMatchObject({
        code: 400,
      });
    } finally {
      await running.close();
    }
  });
});
