import type { AppConfig } from './app-config';

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

function isHttps(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

/**
 * What HubSpot refuses in an uploaded project, checked before the files are written. HubSpot's servers call the
 * service (webhooks, hubspot.fetch from cards and pages), so the public URL and the permitted URLs must be https;
 * only an OAuth redirect URL may be http, and only to localhost (the browser, not HubSpot, follows it; HubSpot
 * allows it for local development). The running service still accepts an http localhost PUBLIC_URL for local use.
 */
export function uploadProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (!isHttps(config.service.publicUrl)) {
    problems.push(
      `app.json service.publicUrl: ${config.service.publicUrl} is not https; HubSpot only calls https URLs (webhooks, hubspot.fetch), so a project for upload needs the service's public https address`,
    );
  }
  for (const kind of ['fetch', 'iframe', 'img'] as const) {
    for (const url of config.permittedUrls[kind]) {
      if (!isHttps(url)) problems.push(`app.json permittedUrls.${kind}: ${url} is not https`);
    }
  }
  if (config.auth.type === 'oauth') {
    for (const url of config.auth.redirectUrls) {
      const local = URL.canParse(url) && new URL(url).protocol === 'http:' && localHosts.has(new URL(url).hostname);
      if (!isHttps(url) && !local)
        problems.push(`app.json auth.redirectUrls: ${url} must be https (http only for localhost)`);
    }
  }
  return problems;
}
