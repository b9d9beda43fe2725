import { html, type SafeHtml } from './html';

export const previewAssetPaths = { styles: '/preview/assets/preview.css', script: '/preview/assets/card.js' } as const;

export interface PageShellOptions {
  readonly title: string;
  readonly portalId: number;
  readonly body: SafeHtml;
  readonly head?: SafeHtml;
}

/** The HubSpot-like chrome around every preview page: the dark top bar and the page title. */
export function pageShell({ title, portalId, body, head }: PageShellOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Customer Success preview</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${previewAssetPaths.styles}" />
        ${head}
      </head>
      <body>
        <header class="top-bar">
          <a class="top-bar-brand" href="/"><span class="top-bar-logo" aria-hidden="true">◎</span> Customer Success</a>
          <nav class="top-bar-nav">
            <a href="/">Portfolio</a> <a href="/manager">Manager view</a> <a href="/preview/digests">Digests</a>
          </nav>
          <span class="top-bar-note">Local preview · portal ${portalId} · no HubSpot account needed</span>
        </header>
        <main class="page">${body}</main>
      </body>
    </html>`.value;
}
