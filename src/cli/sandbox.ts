import { parseEnv } from '../config/env';
import { limitSettingsFromEnv, sandboxLimits } from '../hubspot/limits/limit-settings';
import { loadSandboxFixture } from './runtime';
import { runCli, UsageError } from './run-cli';
import { parseSandboxArgs } from './sandbox-args';
import { createSandbox } from '../sandbox/server';
import { subscriptionsFromAppConfig } from './webhook-subscriptions';

const usage = `Usage: npm run sandbox -- [--fixture <file> | --demo] [--port <n>] [--client-secret <secret>
         [--webhook-url <url>] [--client-id <id>]]

Runs the local HubSpot sandbox alone: empty, loaded from a fixture file, or with the demo portfolio.
Point the official client (or the service, with HUBSPOT_BASE_URL and any HUBSPOT_ACCESS_TOKEN) at the printed URL.
With --webhook-url, every change is posted there as HubSpot's signed webhook batches (app.json subscriptions),
a failed delivery retried like HubSpot: up to 10 times over 24 hours.
With --client-id, it is also HubSpot's OAuth server for that app (GET /oauth/authorize, POST /oauth/2026-03/token,
.../token/introspect, .../token/revoke; client_credentials too) and API calls need an access token it issued. It
serves the app's webhooks journal (/webhooks-journal/.../2026-03), where HubSpot tells an app of uninstalls; POST
/_sandbox/oauth/uninstall?portalId=<id> stands for a user removing the app in HubSpot (an APP_UNINSTALL journal entry).`;

const extraOptions = {
  'webhook-url': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-id': { type: 'string' },
} as const;

function urlOption(value: string | boolean | undefined, name: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!URL.canParse(value)) throw new UsageError(`--${name} must be a URL, got ${value}`, usage);
  return value;
}

runCli(async () => {
  const env = parseEnv();
  const args = parseSandboxArgs(process.argv.slice(2), usage, extraOptions);
  const webhookUrl = urlOption(args.rest['webhook-url'], 'webhook-url');
  const clientSecret = typeof args.rest['client-secret'] === 'string' ? args.rest['client-secret'] : undefined;
  const clientId = typeof args.rest['client-id'] === 'string' ? args.rest['client-id'] : undefined;
  if ((webhookUrl !== undefined || clientId !== undefined) !== (clientSecret !== undefined)) {
    throw new UsageError('--client-secret goes with --webhook-url or --client-id', usage);
  }
  const fixture = args.source ? await loadSandboxFixture(args.source) : undefined;
  const sandbox = createSandbox({
    fixture,
    rateLimit: sandboxLimits(limitSettingsFromEnv(env)),
    ...(webhookUrl !== undefined && clientSecret !== undefined
      ? { webhooks: { targetUrl: webhookUrl, clientSecret, subscriptions: subscriptionsFromAppConfig() } }
      : {}),
    ...(clientId !== undefined && clientSecret !== undefined ? { oauth: { app: { clientId, clientSecret } } } : {}),
  });
  const running = await sandbox.start(args.port ?? 3100);
  process.stdout.write(`${running.url}\n`);
  const counts = fixture
    ? `${fixture.companies.length} companies, ${fixture.deals.length} deals, ${fixture.owners.length} owners`
    : 'empty';
  const access =
    clientId === undefined
      ? 'any bearer token works'
      : `OAuth 2026-03 for client ${clientId}: install at ${running.url}/oauth/authorize`;
  process.stderr.write(`HubSpot sandbox (${counts}) listening; ${access}. Ctrl-C stops it.\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
