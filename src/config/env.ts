import { z } from 'zod';
import { requiredDealFieldSchema } from '../domain/handoff/handoff-settings';
import { logFormats } from './logger';

// A comma-separated list; unset or empty gives undefined, so the setting's own default applies.
function commaListSchema<Item extends z.ZodType<string>>(item: Item) {
  return z.preprocess(
    (value) =>
      typeof value === 'string' && value.trim() !== ''
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry !== '')
        : undefined,
    z.array(item).optional(),
  );
}

const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());

function isEncryptionKey(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

const encryptionKeySchema = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().refine(isEncryptionKey, 'must be 32 random bytes in base64 (openssl rand -base64 32)').optional(),
);

// Five fields (minute hour day month weekday); pg-boss checks the expression itself when it schedules it.
const cronSchema = z
  .string()
  .trim()
  .regex(/^\S+( \S+){4}$/, 'must be a cron expression of five fields, e.g. */5 * * * *');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl.refine((url) => url === undefined || /^postgres(ql)?:/.test(url), {
    error: 'must be a postgres:// or postgresql:// URL',
  }),
  HUBSPOT_ACCESS_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  HUBSPOT_BASE_URL: optionalUrl,
  HUBSPOT_PORTAL_ID: z.coerce.number().int().positive().optional(),
  // HubSpot's limits: the account's tier (`auto` reads it from the portal's daily limit), capacity packs bought,
  // and an optional override of the tier's calls per 10 s.
  HUBSPOT_API_TIER: z.enum(['auto', 'free', 'starter', 'professional', 'enterprise']).default('auto'),
  HUBSPOT_CAPACITY_PACKS: z.coerce.number().int().min(0).max(2).default(0),
  HUBSPOT_RATE_LIMIT_PER_10S: z.coerce.number().int().positive().optional(),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  SANDBOX_FIXTURE: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  HUBSPOT_CLIENT_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  // OAuth install (several portals): on when HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are both set; see src/services/install.
  HUBSPOT_CLIENT_ID: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  HUBSPOT_OAUTH_AUTHORIZE_URL: z.url().default('https://app.hubspot.com/oauth/authorize'),
  TOKEN_ENCRYPTION_KEY: encryptionKeySchema,
  TOKEN_ENCRYPTION_KEYS_PREVIOUS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine(
        (value) => value.split(',').every((key) => isEncryptionKey(key.trim())),
        'must be comma-separated base64 keys of 32 bytes',
      )
      .optional(),
  ),
  PUBLIC_URL: optionalUrl,
  PREVIEW: z.enum(['true', 'false']).optional(),
  // /api/v1 authentication (src/http/middleware/api-auth.ts): 'keys' needs an api-scope key; 'open' is for local use. Unset: keys for a real portal, open on the sandbox.
  API_AUTH: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['keys', 'open']).optional()),
  // With API_AUTH=open, Host names the service answers to beside localhost, 127.0.0.1 and [::1] (PUBLIC_URL's is added).
  ALLOWED_HOSTS: commaListSchema(
    z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/, 'host names, without scheme or port'),
  ),
  // Where the card's suggested deals go (src/services/card/suggested-deal-placement.ts); unset: the first open stage of the default pipeline.
  CS_SUGGESTED_DEAL_PIPELINE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().trim().min(1).optional(),
  ),
  CS_SUGGESTED_DEAL_STAGE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().trim().min(1).optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: readable lines on a terminal, JSON lines otherwise (see src/config/logger.ts).
  LOG_FORMAT: z.enum(logFormats).optional(),
  // Rate limits per window (see src/http/middleware/rate-limit.ts); requests that prove a key or a HubSpot signature skip the per-IP one.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_PER_IP: z.coerce.number().int().nonnegative().default(600),
  RATE_LIMIT_PER_INGESTION_KEY: z.coerce.number().int().nonnegative().default(12_000),
  // 'off': ingestion transactions commit without waiting for the WAL flush (faster; see src/domain/usage/ingestion-settings.ts).
  INGEST_SYNCHRONOUS_COMMIT: z.enum(['on', 'off']).default('on'),
  // 'off': an account id equal to a synced HubSpot company id no longer matches that company (see src/domain/usage/ingestion-settings.ts).
  INGEST_MATCH_COMPANY_ID: z.enum(['on', 'off']).default('on'),
  // Proxy hops in front of the service whose X-Forwarded-For is trusted for the client's IP (0: none).
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(0),
  // Durable jobs (src/jobs): cron schedules in UTC, and how long a job may run before it counts as lost (its process died) and is retried.
  JOBS_INCREMENTAL_SYNC_CRON: cronSchema.default('*/5 * * * *'),
  JOBS_HEALTH_RECOMPUTE_CRON: cronSchema.default('7 * * * *'),
  // How often HubSpot's webhooks journal is read for uninstalls made inside HubSpot (OAuth only).
  JOBS_JOURNAL_POLL_CRON: cronSchema.default('* * * * *'),
  JOBS_EXPIRE_IN_SECONDS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(1).max(86_399).optional(),
  ),
  // Sales to CS hand-off (src/domain/handoff/handoff-settings.ts): the CS team's HubSpot owner ids (unset: every owner is eligible),
  // the deal fields a hand-off needs, and whether the company owner becomes the CSM in HubSpot.
  CS_CSM_OWNER_IDS: commaListSchema(z.string().regex(/^\d+$/, 'owner ids are numbers')),
  CS_CSM_TEAM: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  CS_HANDOFF_REQUIRED_FIELDS: commaListSchema(requiredDealFieldSchema),
  CS_HANDOFF_SET_COMPANY_OWNER: z.enum(['true', 'false']).default('false'),
  // Days a portal's data is kept after the app is uninstalled inside HubSpot (a reinstall within them keeps it), then deleted.
  UNINSTALLED_DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // Signs the playbooks' outbound webhooks (X-Playbook-Signature: HMAC-SHA256 over "timestamp.body"); unset: webhook steps fail saying so.
  PLAYBOOK_WEBHOOK_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16).optional()),
  // Signs the digests' webhook (X-Digest-Signature, the same scheme); unset: PLAYBOOK_WEBHOOK_SECRET signs it.
  DIGEST_WEBHOOK_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16).optional()),
  // The digests' mail server, smtp:// or smtps:// with any credentials in the URL; unset: digests go by webhook only.
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine((value) => /^smtps?:\/\/[^/\s]+/.test(value) && URL.canParse(value), 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  // How often the digests' schedule looks for digests due (each portal's set hour, in its time zone).
  JOBS_DIGESTS_CRON: cronSchema.default('2 * * * *'),
});

export type Env = z.infer<typeof envSchema>;

/** The digests' webhook signing secret: its own, else the playbooks' (one secret served both before it existed). */
export function digestWebhookSecret(
  env: Pick<Env, 'DIGEST_WEBHOOK_SECRET' | 'PLAYBOOK_WEBHOOK_SECRET'>,
): string | undefined {
  return env.DIGEST_WEBHOOK_SECRET ?? env.PLAYBOOK_WEBHOOK_SECRET;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Values that hold a credential (a token, a key, a password inside a URL): an error names them but never shows them.
const secretVariable = /(SECRET|TOKEN|KEY|PASSWORD|DATABASE_URL|SMTP_URL)/;

/** What an error may say of a variable's value: the value itself, or only its length when it may hold a secret. */
export function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'unset';
  if (secretVariable.test(name)) return `a value of ${value.length} characters, not shown`;
  return `got ${JSON.stringify(value)}`;
}

/** Parses the environment once; every other module receives the typed result. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${issue.path.join('.')}: ${issue.message} (${describeValue(name, source[name])})`;
      }),
    );
  }
  return result.data;
}
