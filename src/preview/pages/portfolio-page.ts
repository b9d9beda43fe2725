import type { PortfolioPage, PortfolioRow } from '../../services/portfolio/portfolio-page';
import { html } from './html';
import { dayInWords } from '../../domain/text/day-in-words';
import { healthBandLabels, tierLabel } from '../../services/wording/labels';
import { pageShell } from './page-shell';

const statusLabels = {
  customer: ['success', 'Customer'],
  upcoming: ['info', 'Upcoming'],
  former_customer: ['default', 'Former customer'],
  prospect: ['default', 'Prospect'],
} as const;
const bandVariants = { green: 'success', yellow: 'warning', red: 'danger' } as const;

function statusTag(variant: string, label: string) {
  return html`<span class="hs-status-tag hs-status-${variant}"><span class="hs-status-dot"></span>${label}</span>`;
}

function portfolioRow(row: PortfolioRow) {
  const [statusVariant, statusLabel] = statusLabels[row.status];
  const health = row.health
    ? statusTag(bandVariants[row.health.band], `${row.health.score} · ${healthBandLabels[row.health.band]}`)
    : html`<span class="muted">No score</span>`;
  return html`<tr data-company-id="${row.id}">
    <td>
      <a class="record-link" href="/preview/companies/${row.id}">${row.name}</a
      >${row.domain ? html`<div class="muted small">${row.domain}</div>` : ''}
    </td>
    <td>
      ${row.csm ?? html`<span class="muted">${row.status === 'prospect' ? 'Not handed off yet' : 'Unassigned'}</span>`}
    </td>
    <td>${statusTag(statusVariant, statusLabel)}</td>
    <td>${row.tier ? tierLabel(row.tier) : '—'}</td>
    <td class="numeric">${row.mrr}</td>
    <td>${health}</td>
  </tr>`;
}

export interface PortfolioPageOptions {
  readonly portalId: number;
  readonly asOf: string;
  readonly search: string | undefined;
  readonly page: PortfolioPage;
}

export function portfolioPage({ portalId, asOf, search, page }: PortfolioPageOptions): string {
  const link = (number: number, label: string) =>
    html`<a
      class="hs-button hs-button-secondary hs-button-sm"
      href="/?${new URLSearchParams({ page: String(number), ...(search ? { q: search } : {}) }).toString()}"
      >${label}</a
    >`;
  const previous = page.page > 1 ? link(page.page - 1, 'Previous page') : '';
  const next = page.nextPage === null ? '' : link(page.nextPage, 'Next page');
  const body = html`<div class="page-header">
      <div>
        <h1>Companies</h1>
        <p class="muted">
          Open a company to see its Customer Success card, exactly as the HubSpot card renders it. MRR and health as of
          ${dayInWords(asOf)}. The team's KPIs, alerts and maturity are in the
          <a href="/manager" data-testid="manager-link">manager view</a>.
        </p>
      </div>
      <form class="search" method="get" action="/">
        <input
          class="hs-input"
          type="search"
          name="q"
          placeholder="Search companies"
          value="${search ?? ''}"
          aria-label="Search companies"
        />
        <button class="hs-button hs-button-secondary hs-button-sm" type="submit">Search</button>
      </form>
    </div>
    <div class="panel">
      <table class="hs-table portfolio-table" data-testid="portfolio-table">
        <thead>
          <tr>
            <th>Company</th>
            <th>CSM</th>
            <th>Status</th>
            <th>Tier</th>
            <th class="numeric">MRR</th>
            <th>Health</th>
          </tr>
        </thead>
        <tbody>
          ${
            page.rows.length === 0
              ? html`<tr>
                  <td colspan="6" class="muted">No company matches.</td>
                </tr>`
              : page.rows.map(portfolioRow)
          }
        </tbody>
      </table>
    </div>
    <div class="pager">${previous}${next}</div>`;
  return pageShell({ title: 'Companies', portalId, body });
}
