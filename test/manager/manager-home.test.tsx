import {
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  LoadingSpinner,
  Select,
  StatisticsItem,
  Table,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { ManagerFetch } from '../../extensions/app/pages/components/manager-api';
import { ManagerHome } from '../../extensions/app/pages/components/manager-home';
import { emptyPayload, readyPayload } from './sample-payload';

const dataUrl = 'https://cs.example.com/hubspot/home/manager-portfolio';

/** A stand-in for hubspot.fetch that answers from a queue and records every URL. */
function scriptedFetch(...answers: Array<() => Response>) {
  const urls: string[] = [];
  const fetchFromService: ManagerFetch = async (url) => {
    urls.push(url);
    const answer = answers.shift();
    if (!answer) return new Promise<Response>(() => undefined);
    return answer();
  };
  return { urls, fetchFromService };
}

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderHome(fetchFromService: ManagerFetch) {
  const renderer = createRenderer('home');
  renderer.render(<ManagerHome fetchFromService={fetchFromService} dataUrl={dataUrl} />);
  return renderer;
}

describe('ManagerHome', () => {
  it('shows a spinner while loading, asking for the portfolio cut by owner', async () => {
    const { urls, fetchFromService } = scriptedFetch(json(readyPayload));
    const { find, maybeFind, waitFor } = renderHome(fetchFromService);
    expect(find(LoadingSpinner).props.label).toBe('Loading the portfolio');
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toEqual([`${dataUrl}?cut=owner`]);
  });

  it('shows the error with a retry that loads again', async () => {
    const { urls, fetchFromService } = scriptedFetch(
      json({ error: { code: 'internal', message: 'Database down' } }, 500),
      json(readyPayload),
    );
    const { find, findByTestId, maybeFind, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(find(ErrorState).toString()).toContain('Database down'));
    findByTestId(Button, 'manager-retry').trigger('onClick');
    await waitFor(() => expect(maybeFind(ErrorState)).toBeNull());
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toHaveLength(2);
  });

  it('treats a payload it cannot parse as an error', async () => {
    const { fetchFromService } = scriptedFetch(json({ ...readyPayload, version: 2 }));
    const { find, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(find(ErrorState).toString()).toContain('cannot read'));
  });

  it('says there is nothing to show before customers are synced and scored', async () => {
    const { fetchFromService } = scriptedFetch(json(emptyPayload));
    const { find, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(find(EmptyState).props.title).toBe('No customers to show yet'));
  });

  it('charts retention, churn, bands and the funnel from the payload, leaving months without a value out', async () => {
    const { fetchFromService } = scriptedFetch(json(readyPayload));
    const { find, findByTestId, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(find(LineChart)).toBeTruthy());
    // The headline is the payload's headline month (the last complete one), not the running June.
    expect(find(StatisticsItem).props.label).toContain('May 2026');
    expect(find(LineChart).props.data).toEqual([
      { month: 'Apr 2026', measure: 'NRR', percent: 101.5 },
      { month: 'Apr 2026', measure: 'GRR', percent: 97.25 },
      { month: 'May 2026', measure: 'NRR', percent: 103 },
      { month: 'May 2026', measure: 'GRR', percent: 98 },
    ]);
    expect(findByTestId(BarChart, 'churn-chart').props.data).toEqual([
      { month: 'Apr 2026', churn: 2.5 },
      { month: 'May 2026', churn: 0 },
    ]);
    expect(findByTestId(BarChart, 'health-bands-chart').props.data).toContainEqual({
      month: 'May 2026',
      band: 'At risk',
      companies: 4,
    });
    expect(findByTestId(BarChart, 'onboarding-funnel-chart').props.data).toEqual([
      { stage: 'Introduction', companies: 6 },
      { stage: 'Operation', companies: 12 },
      { stage: 'Adoption', companies: 15 },
      { stage: 'Established', companies: 8 },
    ]);
  });

  it('says when the health scores were computed without any product usage, and only then', async () => {
    const withoutUsage = { ...readyPayload, health: { ...readyPayload.health, usageReceived: false } };
    const { fetchFromService } = scriptedFetch(json(withoutUsage), json(readyPayload));
    const first = renderHome(fetchFromService);
    await first.waitFor(() => expect(first.find(LineChart)).toBeTruthy());
    expect(first.findByTestId(Text, 'health-bands-no-usage').toString()).toContain(
      'No product usage has reached the app from this portal in the last 60 days, so every score leaves out usage, session time and feature breadth.',
    );
    const second = renderHome(fetchFromService);
    await second.waitFor(() => expect(second.find(LineChart)).toBeTruthy());
    expect(second.maybeFindByTestId(Text, 'health-bands-no-usage')).toBeNull();
  });

  it('says when renewals recorded as Existing business count as upsells, and only then', async () => {
    const note =
      "3 deals recorded as Existing business without cs_deal_kind start within 60 days of the end of the company's contract for the same product, as renewals do, and count as upsells.";
    const { fetchFromService } = scriptedFetch(json({ ...readyPayload, renewalsNote: note }), json(readyPayload));
    const first = renderHome(fetchFromService);
    await first.waitFor(() => expect(first.find(LineChart)).toBeTruthy());
    expect(first.findByTestId(Text, 'manager-renewals-note').toString()).toContain(note);
    const second = renderHome(fetchFromService);
    await second.waitFor(() => expect(second.find(LineChart)).toBeTruthy());
    expect(second.maybeFindByTestId(Text, 'manager-renewals-note')).toBeNull();
  });

  it('lists KPIs by CSM, the alerts and the maturity criteria with what to do next', async () => {
    const { fetchFromService } = scriptedFetch(json(readyPayload));
    const { findByTestId, findAll, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(findByTestId(Table, 'group-kpis-table')).toBeTruthy());
    const groups = findByTestId(Table, 'group-kpis-table').toString();
    expect(groups).toContain('Hannah Schmidt');
    expect(groups).toContain('104.2%');
    expect(groups).toContain('$30,500');
    const alerts = findByTestId(Table, 'alerts-table').toString();
    expect(alerts).toContain('Birch Analytics');
    expect(alerts).toContain('Became at risk · Renewal in 45 days while at risk');
    expect(alerts).toContain('Company 1005');
    const runs = findByTestId(Table, 'playbook-runs-table').toString();
    for (const shown of ['Birch Analytics', 'Renewal at risk', 'Jun 1, 2026', '1 of 2', '1 overdue', 'Hannah Schmidt'])
      expect(runs).toContain(shown);
    expect(findByTestId(Text, 'maturity-stage').text).toBe('Stage 2 of 4: Insight and action');
    const texts = findAll(Text).map((text) => text.text);
    // A dash in the table is explained in words below it, from the payload's no-value reasons.
    expect(texts).toContain(
      'Unassigned, churn rate: no customers at the end of the previous period; NRR: no MRR at the end of the previous period; GRR: no MRR at the end of the previous period.',
    );
    expect(texts.some((text) => text?.startsWith('Hannah Schmidt,'))).toBe(false);
    expect(texts).toContain('• Send NPS or CSAT surveys so at least 30% of customers answer in the window.');
  });

  it('says in words why a headline figure has no value', async () => {
    const { fetchFromService } = scriptedFetch(json({ ...readyPayload, headlineMonth: '2026-06' }));
    const { findByTestId, maybeFind, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(findByTestId(Text, 'headline-no-value').text).toBe(
      'No value for Jun 2026: NRR: no MRR at the end of the previous period; GRR: no MRR at the end of the previous period.',
    );
  });

  it('offers every cut of the KPI report, lifecycle stage among them', async () => {
    const { fetchFromService } = scriptedFetch(json(readyPayload));
    const { findByTestId, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(findByTestId(Select, 'cut-select')).toBeTruthy());
    expect(findByTestId(Select, 'cut-select').props.options.map((option) => option.value)).toEqual([
      'owner',
      'industry',
      'tier',
      'lifecycle_stage',
      'onboarding_cohort',
    ]);
    expect(findByTestId(Select, 'cut-select').props.options.map((option) => option.label)).toContain('Lifecycle stage');
  });

  it('reloads cut by the group the manager picks', async () => {
    const { urls, fetchFromService } = scriptedFetch(
      json(readyPayload),
      json({ ...readyPayload, groups: { ...readyPayload.groups, cut: 'tier', rows: [] } }),
    );
    const { findByTestId, waitFor } = renderHome(fetchFromService);
    await waitFor(() => expect(findByTestId(Select, 'cut-select')).toBeTruthy());
    // trigger() types its argument as the handler itself; the handler receives the value at run time.
    findByTestId(Select, 'cut-select').trigger('onChange', 'tier' as never);
    await waitFor(() => expect(urls).toEqual([`${dataUrl}?cut=owner`, `${dataUrl}?cut=tier`]));
    await waitFor(() => expect(findByTestId(Select, 'cut-select').props.value).toBe('tier'));
  });
});
