import { parseEnv } from '../config/env';
import { limitSettingsFromEnv, sandboxLimits } from '../hubspot/limits/limit-settings';
import { loadSandboxFixture } from './runtime';
import { runCli, UsageError } from './run-cli';
import { parseSandboxArgs } from './sandbox-args';
import { createSandbox } from '../sandbox/server';

const usage = `Usage: npm run sandbox -- [--fixture <file> | --demo] [--port <n>] [--webhook-url <url> --client-secret <secret>]

Runs the local HubSpot sandbox alone: empty, loaded from a fixture file, or with the demo portfolio.
Point the official client (or the service, with HUBSPOT_BASE_URL and any HUBSPOT_ACCESS_TOKEN) at the printed URL.
With --webhook-url, every change is posted there as HubSpot's signed webhook batches (app.json subscriptions).`;

const webhookOptions = { 'webhook-url': { type: 'string' }, 'client-secret': { type: 'string' } } as const;

runCli(async () => {
  const env = parseEnv();
  const args = parseSandboxArgs(process.argv.slice(2), usage, webhookOptions);
  const webhookUrl = args.rest['webhook-url'];
  const clientSecret = args.rest['client-secret'];
  if ((typeof webhookUrl === 'string') !== (typeof clientSecret === 'string')) throw new UsageError('--webhook-url and --client-secret go together', usage);
  if (typeof webhookUrl === 'string' && !URL.canParse(webhookUrl)) throw new UsageError(`--webhook-url must be a URL, got ${webhookUrl}`, usage);
  const fixture = args.source ? await loadSandboxFixture(args.source) : undefined;
  const sandbox = createSandbox({
    fixture,
    rateLimit: sandboxLimits(limitSettingsFromEnv(env)),
    ...(typeof webhookUrl === 'string' && typeof clientSecret === 'string' ? { webhooks: { targetUrl: webhookUrl, clientSecret } } : {}),
  });
  const running = await sandbox.start(args.port ?? 3100);
  process.stdout.write(`${running.url}\n`);
  const counts = fixture ? `${fixture.companies.length} companies, ${fixture.deals.length} deals, ${fixture.owners.length} owners` : 'empty';
  process.stderr.write(`HubSpot sandbox (${counts}) listening; any bearer token works. Ctrl-C stops it.\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
