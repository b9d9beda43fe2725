import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../config/env';

export const defaultAppConfigPath = fileURLToPath(new URL('../../../app.json', import.meta.url));

// Same rule as @hubspot/project-parsing-lib's validateUid.
export const componentUidSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9_\-.]+$/, 'only letters, digits, "_", "-" and "." are allowed');

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** HubSpot only calls and fetches https URLs; plain http is accepted for a local service. */
export const publicUrlSchema = z
  .url()
  .superRefine((value, context) => {
    // An unparsable value already failed z.url(); zod still runs this check.
    if (!URL.canParse(value)) return;
    const url = new URL(value);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && localHosts.has(url.hostname))) {
      context.addIssue({ code: 'custom', message: 'must be an https URL (http only for localhost)' });
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      context.addIssue({ code: 'custom', message: 'must not carry a query, fragment or credentials' });
    }
  })
  .transform((value) => value.replace(/\/+$/, ''));

const urlPathSchema = z.string().regex(/^\/[A-Za-z0-9\-._~/]*$/, 'must be an absolute path such as /hubspot/webhooks');

const scopeSchema = z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'not a HubSpot scope name');

const scopeListsShape = {
  requiredScopes: z.array(scopeSchema).min(1),
  optionalScopes: z.array(scopeSchema).default([]),
  conditionallyRequiredScopes: z.array(scopeSchema).default([]),
};

const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('static'), ...scopeListsShape }).strict(),
  z.object({ type: z.literal('oauth'), redirectUrls: z.array(z.url()).min(1), ...scopeListsShape }).strict(),
]);

export const cardLocationSchema = z.enum(['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar']);

export const cardSchema = z
  .object({
    uid: componentUidSchema,
    title: z.string().min(1),
    description: z.string().min(1),
    location: cardLocationSchema,
    objectTypes: z.array(z.enum(['companies', 'contacts', 'deals', 'tickets'])).min(1),
    /** File name of the entry inside extensions/app/cards; its hsmeta file is named after it. */
    entrypoint: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*\.tsx$/, 'expected a kebab-case .tsx file name'),
    /** Path on the service that serves this card's payload. */
    dataPath: urlPathSchema,
  })
  .strict();

/** The app's pages (HubSpot's `pages` component, routed with createPageRouter): the manager's portfolio view first. */
export const appPagesSchema = z
  .object({
    uid: componentUidSchema,
    /** File name of the entry inside extensions/app/pages; its hsmeta file is named after it. */
    entrypoint: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*\.tsx$/, 'expected a kebab-case .tsx file name'),
    /** Path on the service that serves the portfolio page's data. */
    dataPath: urlPathSchema,
  })
  .strict();

export const webhookEventSchema = z.enum(['creation', 'deletion', 'merge', 'restore', 'associationChange']);

const webhookObjectSchema = z
  .object({
    objectType: z.enum(['company', 'deal', 'contact', 'ticket', 'line_item', 'product']),
    events: z.array(webhookEventSchema),
    properties: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'not a property internal name')),
  })
  .strict();

const uniqueBy = <T>(items: T[], key: (item: T) => string) => new Set(items.map(key)).size === items.length;

export const appConfigSchema = z
  .object({
    project: z.object({ name: z.string().min(1), platformVersion: z.literal('2026.03') }).strict(),
    uid: componentUidSchema,
    name: z.string().min(1).max(200),
    description: z.string().min(1),
    distribution: z.enum(['private', 'marketplace']),
    auth: authSchema,
    service: z.object({ publicUrl: publicUrlSchema }).strict(),
    /** Extra permitted URLs; the service URL is always added to `fetch`. */
    permittedUrls: z
      .object({
        fetch: z.array(publicUrlSchema).default([]),
        iframe: z.array(publicUrlSchema).default([]),
        img: z.array(publicUrlSchema).default([]),
      })
      .strict(),
    support: z
      .object({
        supportEmail: z.email(),
        documentationUrl: z.url(),
        supportUrl: z.url(),
        supportPhone: z
          .string()
          .regex(/^\+[0-9]{6,15}$/)
          .optional(),
      })
      .strict(),
    cards: z
      .array(cardSchema)
      .min(1)
      .refine((cards) => uniqueBy(cards, (card) => card.uid), 'card uids must be unique')
      .refine((cards) => uniqueBy(cards, (card) => card.entrypoint), 'card entrypoints must be unique'),
    pages: appPagesSchema.optional(),
    webhooks: z
      .object({
        uid: componentUidSchema,
        targetPath: urlPathSchema,
        maxConcurrentRequests: z.number().int().min(5).max(20),
        objects: z
          .array(webhookObjectSchema)
          .refine((objects) => uniqueBy(objects, (object) => object.objectType), 'one entry per objectType'),
      })
      .strict(),
  })
  .strict()
  .refine(
    (config) =>
      uniqueBy(
        [
          config.uid,
          config.webhooks.uid,
          ...config.cards.map((card) => card.uid),
          ...(config.pages ? [config.pages.uid] : []),
        ],
        (uid) => uid,
      ),
    'component uids must be unique across the app',
  )
  .refine((config) => config.auth.requiredScopes.includes('oauth'), 'auth.requiredScopes must include "oauth"');

export type AppConfig = z.infer<typeof appConfigSchema>;
export type CardConfig = z.infer<typeof cardSchema>;
export type AppPagesConfig = z.infer<typeof appPagesSchema>;

export interface AppConfigOverrides {
  /** Replaces service.publicUrl, e.g. from the service's environment. */
  readonly publicUrl?: string;
}

export function parseAppConfig(raw: unknown, overrides: AppConfigOverrides = {}): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(issuesOf('app.json', result.error));
  if (overrides.publicUrl === undefined) return result.data;
  const publicUrl = publicUrlSchema.safeParse(overrides.publicUrl);
  if (!publicUrl.success) throw new ConfigError(issuesOf('public URL override', publicUrl.error));
  return { ...result.data, service: { publicUrl: publicUrl.data } };
}

function issuesOf(source: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${source} ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

export function loadAppConfig(path: string = defaultAppConfigPath, overrides: AppConfigOverrides = {}): AppConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`app.json: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return parseAppConfig(raw, overrides);
}

export function serviceUrl(config: AppConfig, path: string): string {
  return `${config.service.publicUrl}${path}`;
}

export function webhookTargetUrl(config: AppConfig): string {
  return serviceUrl(config, config.webhooks.targetPath);
}
