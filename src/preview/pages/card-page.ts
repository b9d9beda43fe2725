import type { CompanyRecord } from '../../services/portfolio/portfolio-page';
import { html, scriptJson } from './html';
import { tierLabel } from '../../services/wording/labels';
import { inWords } from '../../domain/text/in-words';
import { pageShell, previewAssetPaths } from './page-shell';

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase());
  return letters.join('') || '?';
}

function property(label: string, value: string | null) {
  return html`<div class="property">
    <dt>${label}</dt>
    <dd>${value ?? html`<span class="muted">--</span>`}</dd>
  </div>`;
}

export interface CardPageOptions {
  readonly portalId: number;
  readonly company: CompanyRecord;
  readonly dataUrl: string;
  readonly scriptHash: string;
}

/** A company record laid out like HubSpot's: properties on the left, the card in the middle column's tab. */
export function cardPage({ portalId, company, dataUrl, scriptHash }: CardPageOptions): string {
  const head = html`<script type="module" src="${previewAssetPaths.script}?v=${scriptHash}"></script>`;
  const body = html`<div class="record">
      <aside class="record-sidebar">
        <a class="back-link" href="/">‹ Companies</a>
        <div class="record-identity">
          <div class="avatar" aria-hidden="true">${initials(company.name)}</div>
          <h1 class="record-name">${company.name}</h1>
          ${company.domain ? html`<p class="muted">${company.domain}</p>` : ''}
        </div>
        <div class="quick-actions" aria-hidden="true">
          ${['Note', 'Email', 'Call', 'Task', 'Meeting'].map((action) => html`<span class="quick-action"><span class="quick-action-icon"></span>${action}</span>`)}
        </div>
        <section class="record-about">
          <h2>About this company</h2>
          <dl>
            ${property('Company owner', company.owner)}
            ${property('Industry', company.industry ? inWords(company.industry) : null)}
            ${property('Tier', company.tier ? tierLabel(company.tier) : null)} ${property('Record ID', company.id)}
          </dl>
        </section>
      </aside>
      <section class="record-main">
        <nav class="record-tabs" aria-label="Record tabs">
          <span class="record-tab">Overview</span>
          <span class="record-tab">Activities</span>
          <span class="record-tab record-tab-active" aria-current="page">Customer Success</span>
        </nav>
        <div class="extension-card">
          <div class="extension-card-header">
            <h2>Customer Success</h2>
            <span class="muted small">App card · rendered from the card's React components</span>
          </div>
          <div id="card-root" class="extension-card-body"><p class="muted">Loading the card…</p></div>
        </div>
      </section>
    </div>
    <script type="application/json" id="preview-config">
      ${scriptJson({ companyId: company.id, dataUrl })}
    </script>`;
  return pageShell({ title: company.name, portalId, body, head });
}
