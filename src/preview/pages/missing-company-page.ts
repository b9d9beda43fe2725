import { html } from './html';
import { pageShell } from './page-shell';

export interface MissingCompanyPageOptions {
  readonly portalId: number;
  readonly companyId: string;
}

/** A card link that names no company of the portal (mistyped, or from another portal): said plainly, with the way back. */
export function missingCompanyPage({ portalId, companyId }: MissingCompanyPageOptions): string {
  const body = html`<div class="page-header">
      <div>
        <h1>No such company</h1>
        <p class="muted">Portal ${portalId} has no company with the record ID ${companyId}.</p>
      </div>
    </div>
    <div class="panel">
      <p><a href="/">Back to the companies</a> to open a card from the list, or search for the company there.</p>
    </div>`;
  return pageShell({ title: 'No such company', portalId, body });
}
