import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/hubspot/client';
import { hubSpotFailureInWords, isHubSpotOutOfReach } from '../../src/hubspot/failure-words';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { startCli } from '../support/cli-process';
import { closedPort } from '../support/closed-port';

const rightToken = 'pat-na1-right';
const wrongToken = 'pat-na1-wrong-0123456789';

async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('a failed HubSpot call in words', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({
      accessToken: rightToken,
      fixture: generateDemoPortfolio({ seed: 3, companies: 5 }),
    }).start();
  });
  afterAll(async () => sandbox.close());
  afterEach(() => nock.cleanAll());

  it('names the address and the cause when nothing answers there', async () => {
    const port = await closedPort();
    const client = createHubSpotClient({
      accessToken: rightToken,
      baseUrl: `http://127.0.0.1:${port}`,
      requestsPer10Seconds: 100,
    });
    const error = await failureOf(() => client.crm.properties.coreApi.getAll('companies'));
    expect(hubSpotFailureInWords(error)).toBe(
      `Could not reach HubSpot at http://127.0.0.1:${port}: nothing accepts connections at that address. Check this machine's network, proxy and firewall (and HUBSPOT_BASE_URL if it is set).`,
    );
    expect(isHubSpotOutOfReach(error)).toBe(true);
  });

  it('says HubSpot refused the token, with its own words, and never shows the token', async () => {
    const client = createHubSpotClient({ accessToken: wrongToken, baseUrl: sandbox.url, requestsPer10Seconds: 100 });
    const error = await failureOf(() => client.crm.properties.coreApi.getAll('companies'));
    const words = hubSpotFailureInWords(error) ?? '';
    expect(words).toMatch(
      /^HubSpot refused the access token \(401\)\. HubSpot says: "Authentication credentials not found/,
    );
    expect(words).toContain('Check HUBSPOT_ACCESS_TOKEN');
    expect(words).not.toContain(wrongToken);
    expect(isHubSpotOutOfReach(error)).toBe(true);
  });

  it('names the scopes a 403 asks for, and leaves other failures to the caller', async () => {
    const client = createHubSpotClient({
      accessToken: rightToken,
      baseUrl: 'https://api.hubapi.com',
      requestsPer10Seconds: 100,
    });
    nock('https://api.hubapi.com')
      .get('/crm/v3/properties/companies')
      .reply(403, {
        status: 'error',
        message: "This app hasn't been granted all required scopes to make this call.",
        correlationId: '3b5d3b8e-0000-4000-8000-000000000000',
        errors: [
          {
            message: 'One or more of the following scopes are required.',
            context: { requiredGranularScopes: ['crm.schemas.companies.write'] },
          },
        ],
        category: 'MISSING_SCOPES',
      })
      .get('/crm/v3/properties/companies')
      .reply(500, { status: 'error', message: 'internal error' });
    const refused = await failureOf(() => client.crm.properties.coreApi.getAll('companies'));
    expect(hubSpotFailureInWords(refused)).toContain(
      `HubSpot refused the call (403): the token lacks a scope it needs. HubSpot says: "This app hasn't been granted all required scopes to make this call." The call needs one of: crm.schemas.companies.write.`,
    );
    expect(isHubSpotOutOfReach(refused)).toBe(false);
    const failed = await failureOf(() => client.crm.properties.coreApi.getAll('companies'));
    expect(hubSpotFailureInWords(failed)).toBeUndefined();
    expect(isHubSpotOutOfReach(failed)).toBe(false);
  });

  it('npm start and properties check stop at a refused token with that sentence, not a stack trace', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cs-refused-token-'));
    try {
      const env = { DATA_DIR: dataDir, HUBSPOT_ACCESS_TOKEN: wrongToken, HUBSPOT_BASE_URL: sandbox.url, PORT: '0' };
      for (const [entry, args] of [
        ['src/cli/properties.ts', ['check']],
        ['src/cli/start.ts', []],
      ] as const) {
        const run = startCli(entry, [...args], env);
        expect(await run.exited(), run.stderr()).toBe(1);
        expect(run.stderr()).toContain('HubSpot refused the access token (401).');
        expect(run.stderr()).not.toMatch(/^\s+at /m);
        expect(run.stderr() + run.stdout()).not.toContain(wrongToken);
        // The start stops before the sync: the same refusal would come after its retries.
        expect(run.stderr()).not.toContain('Synced portal');
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
