import { Client } from '@hubspot/api-client';
import { afterEach } from 'vitest';
import { fixtureSchema, type FixtureInput } from '../../src/sandbox/fixture-schema';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server';

export interface Harness {
  readonly sandbox: Sandbox;
  readonly url: string;
  readonly client: Client;
}

const running: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

export function fixture(input: Partial<FixtureInput> = {}) {
  return fixtureSchema.parse({ portal: { id: 4242 }, ...input });
}

/** Starts a sandbox on a random port with an official client pointed at it (no retries, no limiter). */
export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = createSandbox({ rateLimit: false, ...options });
  const server = await sandbox.start(0);
  running.push(() => server.close());
  return {
    sandbox,
    url: server.url,
    client: new Client({ accessToken: 'sandbox-token', basePath: server.url, numberOfApiCallRetries: 0 }),
  };
}

/** The HTTP status and body of a rejected official-client call. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ code: number; body: unknown; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number') {
      const body = 'body' in error ? error.body : undefined;
      const headers =
        'headers' in error && error.headers && typeof error.headers === 'object'
          ? Object.fromEntries(Object.entries(error.headers))
          : {};
      return { code: error.code, body, headers };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

export function companies(count: number, start = 1) {
  return Array.from({ length: count }, (_unused, index) => ({
    id: String(start + index),
    properties: {
      name: `Company ${start + index}`,
      domain: `company-${start + index}.test`,
      industry: index % 2 === 0 ? 'COMPUTER_SOFTWARE' : 'RETAIL',
    },
  }));
}
