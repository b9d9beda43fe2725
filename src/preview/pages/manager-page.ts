import { html, scriptJson } from './html';
import { pageShell } from './page-shell';

export const managerAssetPaths = {
  script: '/preview/assets/manager.js',
  styles: '/preview/assets/manager.css',
} as const;

export interface ManagerPageOptions {
  readonly portalId: number;
  readonly dataUrl: string;
  /** Where the app's pages are served: every path below it is one of their routes. */
  readonly basePath: string;
  readonly scriptHash: string;
}

/** The app pages as HubSpot frames them: the app's name above, the pages' router and components below. */
export function managerPage({ portalId, dataUrl, basePath, scriptHash }: ManagerPageOptions): string {
  const head = html`<link rel="stylesheet" href="${managerAssetPaths.styles}" />
    <script type="module" src="${managerAssetPaths.script}?v=${scriptHash}"></script>`;
  const body = html`<div class="page-header">
      <div>
        <a class="back-link" href="/">‹ Companies</a>
        <h1>Customer Success Lifecycle</h1>
        <p class="muted">
          The manager's portfolio view: the app's pages in HubSpot, rendered here by the same React components and
          routes.
        </p>
      </div>
    </div>
    <div id="manager-root" class="app-home"><p class="muted">Loading the portfolio…</p></div>
    <script type="application/json" id="preview-config">
      ${scriptJson({ dataUrl, basePath })}
    </script>`;
  return pageShell({ title: 'Manager view', portalId, body, head });
}
