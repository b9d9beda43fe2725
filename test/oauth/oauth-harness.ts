import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createOAuthSandbox, type OAuthSandbox } from '../../src/sandbox/oauth-sandbox';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';

export const oauthApp = { clientId: 'client-id-test', clientSecret: 'client-secret-test' };

/** A clock the test moves by hand, shared by the sandbox and the service. */
export function manualClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  let current = start;
  return {
    now: () => current,
    advance(milliseconds: number) {
      current += milliseconds;
    },
  };
}

export function portalFixture(portalId: number, companyNames: readonly string[]) {
  return fixtureSchema.parse({
    portal: { id: portalId, timeZone: 'Europe/Paris', currency: 'EUR' },
    companies: companyNames.map((name, index) => ({ id: String(index + 1), properties: { name } })),
  });
}

export interface RunningOAuthSandbox {
  readonly sandbox: OAuthSandbox;
  readonly running: RunningSandbox;
}

/** Two portals with different companies behind one OAuth server, access tokens living `ttlSeconds`. */
export async function startOAuthSandbox(now: () => number, ttlSeconds = 1800): Promise<RunningOAuthSandbox> {
  const portals = [
    createSandbox({ fixture: portalFixture(4242, ['Alder Labs', 'Birch Co']), rateLimit: false, now }),
    createSandbox({ fixture: portalFixture(5151, ['Cedar Inc']), rateLimit: false, now }),
  ];
  const sandbox = createOAuthSandbox({ app: { ...oauthApp, accessTokenTtlSeconds: ttlSeconds }, portals, now });
  return { sandbox, running: await sandbox.start(0) };
}

/** Follows the sandbox's install page like a browser: the redirect's code and state. */
export async function authorize(sandboxUrl: string, params: Record<string, string>): Promise<URL> {
  const response = await fetch(`${sandboxUrl}/oauth/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location') ?? '');
}
