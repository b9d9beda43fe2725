import { serviceUrl, webhookTargetUrl, type AppConfig, type CardConfig, type AppPagesConfig } from './app-config';

/** Relative to the project root: the folder hsproject.json names as srcDir. */
export const projectSourceDir = 'extensions';

export function hsProjectConfig(config: AppConfig) {
  return { name: config.project.name, srcDir: projectSourceDir, platformVersion: config.project.platformVersion };
}

export function appHsMeta(config: AppConfig) {
  const { auth } = config;
  return {
    uid: config.uid,
    type: 'app',
    config: {
      description: config.description,
      name: config.name,
      distribution: config.distribution,
      auth: {
        type: auth.type,
        ...(auth.type === 'oauth' ? { redirectUrls: auth.redirectUrls } : {}),
        requiredScopes: auth.requiredScopes,
        optionalScopes: auth.optionalScopes,
        conditionallyRequiredScopes: auth.conditionallyRequiredScopes,
      },
      permittedUrls: {
        // The card calls the service with hubspot.fetch, which only reaches listed URLs.
        fetch: unique([config.service.publicUrl, ...config.permittedUrls.fetch]),
        iframe: config.permittedUrls.iframe,
        img: config.permittedUrls.img,
      },
      support: config.support,
    },
  };
}

/** 'company-health-card.tsx' -> 'company-health-card' */
export function cardBaseName(card: CardConfig): string {
  return card.entrypoint.replace(/\.tsx$/, '');
}

export function cardHsMeta(card: CardConfig) {
  return {
    uid: card.uid,
    type: 'card',
    config: {
      name: card.title,
      description: card.description,
      location: card.location,
      entrypoint: `/app/cards/${card.entrypoint}`,
      objectTypes: card.objectTypes,
    },
  };
}

/** 'manager-pages.tsx' -> 'manager-pages' */
export function appPagesBaseName(pages: AppPagesConfig): string {
  return pages.entrypoint.replace(/\.tsx$/, '');
}

/** App pages (not the older `page` at location `home`): one component whose router serves every page. */
export function appPagesHsMeta(pages: AppPagesConfig) {
  return { uid: pages.uid, type: 'pages', config: { entrypoint: `/app/pages/${pages.entrypoint}` } };
}

/** The pages bundle cannot read app.json either: its data URL is generated into its folder. */
export function pagesServiceEndpointsModule(config: AppConfig, pages: AppPagesConfig): string {
  return [
    '// Generated from app.json by `npm run hubspot:project`; edit app.json, not this file.',
    `export const portfolioDataUrl = ${quote(serviceUrl(config, pages.dataPath))};`,
    '',
  ].join('\n');
}

export function webhooksHsMeta(config: AppConfig) {
  const { webhooks } = config;
  const crmObjects = webhooks.objects.flatMap(({ objectType, events, properties }) => [
    ...events.map((event) => ({ subscriptionType: `object.${event}`, objectType, active: true })),
    ...properties.map((propertyName) => ({
      subscriptionType: 'object.propertyChange',
      objectType,
      propertyName,
      active: true,
    })),
  ]);
  return {
    uid: webhooks.uid,
    type: 'webhooks',
    config: {
      settings: { targetUrl: webhookTargetUrl(config), maxConcurrentRequests: webhooks.maxConcurrentRequests },
      subscriptions: { crmObjects },
    },
  };
}

/** The card bundle cannot read app.json, so the URLs it fetches are generated into its folder. */
export function cardServiceEndpointsModule(config: AppConfig): string {
  const entries = config.cards.map(
    (card) => `  ${propertyKey(card.uid)}: ${quote(serviceUrl(config, card.dataPath))},`,
  );
  return [
    '// Generated from app.json by `npm run hubspot:project`; edit app.json, not this file.',
    `export const serviceBaseUrl = ${quote(config.service.publicUrl)};`,
    '',
    'export const cardDataUrls = {',
    ...entries,
    '} as const;',
    '',
  ].join('\n');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}
