import {
  Button,
  EmptyState,
  ErrorState,
  Heading,
  Input,
  LoadingSpinner,
  Select,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { CardFetch } from '../../extensions/app/cards/components/card-api';
import { CompanyHealthCard } from '../../extensions/app/cards/components/company-health-card';
import { expectNoCodeNames } from '../e2e/code-names';
import { renderedText } from '../support/rendered-text';
import { noPortalUsage } from '../../src/services/card/adoption-section';
import { prospectPayload, readyPayload } from './sample-payload';

const dataUrl = 'https://cs.example.com/hubspot/cards/company-health';

interface Call {
  readonly url: string;
  readonly method: string | undefined;
  readonly body: Record<string, unknown> | undefined;
}

/** A stand-in for hubspot.fetch that answers from a queue and records every call. */
function scriptedFetch(...answers: Array<() => Response>) {
  const calls: Call[] = [];
  const fetchFromService: CardFetch = async (url, options) => {
    calls.push({ url, method: options?.method, body: options?.body });
    const answer = answers.shift();
    if (!answer) return new Promise<Response>(() => undefined);
    return answer();
  };
  return { calls, fetchFromService };
}

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderCard(fetchFromService: CardFetch, refreshObjectProperties?: () => void) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(
    <CompanyHealthCard
      companyId="4242"
      fetchFromService={fetchFromService}
      dataUrl={dataUrl}
      refreshObjectProperties={refreshObjectProperties}
    />,
  );
  return renderer;
}

// trigger() types its argument as the handler itself; the handler receives the value at run time.
describe('CompanyHealthCard', () => {
  it('shows a spinner while loading, asking for this company only', async () => {
    const { calls, fetchFromService } = scriptedFetch(json(readyPayload));
    const { find, maybeFind, waitFor } = renderCard(fetchFromService);
    expect(find(LoadingSpinner).props.label).toBe('Loading customer success data');
    await waitFor(() => expect(maybeFind(LoadingSpinner)).toBeNull());
    expect(calls).toEqual([{ url: `${dataUrl}?companyId=4242`, method: 'GET', body: undefined }]);
  });

  it('shows the error with a retry that loads again', async () => {
    const { calls, fetchFromService } = scriptedFetch(
      json({ error: { code: 'internal', message: 'Database down' } }, 500),
      json(readyPayload),
    );
    const { find, findAll, findByTestId, waitFor } = renderCard(fetchFromService);
    await waitFor(() => expect(find(ErrorState).toString()).toContain('Database down'));
    findByTestId(Button, 'card-retry').trigger('onClick');
    await waitFor(() => expect(findAll(Heading).map((heading) => heading.toString())).toHaveLength(6));
    expect(calls).toHaveLength(2);
  });

  it('treats a payload it cannot parse as an error', async () => {
    const { fetchFromService } = scriptedFetch(json({ ...readyPayload, version: 9 }));
    const { find, waitFor } = renderCard(fetchFromService);
    await waitFor(() => expect(find(ErrorState).toString()).toContain('cannot read'));
  });

  it('offers to start onboarding for a company that is not a customer yet', async () => {
    const started = { ...readyPayload, company: { ...readyPayload.company, status: 'prospect' as const } };
    const { calls, fetchFromService } = scriptedFetch(json(prospectPayload), json(started));
    const { find, findByTestId, waitFor } = renderCard(fetchFromService);
    await waitFor(() => expect(find(EmptyState).props.title).toBe('Acme KK is not a customer yet'));
    findByTestId(Button, 'start-onboarding').trigger('onClick');
    await waitFor(() => expect(findByTestId(Select, 'stage-select').props.value).toBe('introduction'));
    expect(calls[1]).toEqual({
      url: `${dataUrl}/stage`,
      method: 'POST',
      body: { companyId: '4242', stage: 'introduction' },
    });
  });

  it("shows a former customer's history with when it left, not a health score it no longer gets", async () => {
    const former = {
      ...readyPayload,
      company: { ...readyPayload.company, status: 'former_customer' as const },
      health: null,
      healthTrend: { days: [], lastChange: null },
      renewal: null,
      suggestions: { items: [], suppressedReason: null },
      revenue: {
        ...readyPayload.revenue,
        mrr: { amountMinor: 0, currency: 'USD' },
        arr: { amountMinor: 0, currency: 'USD' },
        renewalDate: null,
        daysToRenewal: null,
        contracts: readyPayload.revenue.contracts.map((contract) => ({
          ...contract,
          endDate: '2026-08-01',
          status: 'ended' as const,
        })),
      },
    };
    const { fetchFromService } = scriptedFetch(json(former));
    const { findAll, maybeFind, waitFor, getRootNode } = renderCard(fetchFromService);
    await waitFor(() => expect(findAll(Heading).map((heading) => heading.text)).toEqual(['Onboarding', 'Revenue']));
    const text = getRootNode().toString();
    expect(text).toContain('Former customer');
    expect(text).toContain('Acme KK has had no active contract since Aug 1, 2026.');
    expect(text).toContain('Milestones: 1 of 3 done');
    expect(text).not.toContain('Stage 1 of 4');
    expect(text).not.toContain('No health score yet');
    expect(maybeFind(Select)).toBeNull();
    expect(findAll(Button)).toHaveLength(0);
    expectNoCodeNames(renderedText(getRootNode()));
  });

  it('renders all six sections when ready', async () => {
    const { fetchFromService } = scriptedFetch(json(readyPayload));
    const { findAll, findByTestId, waitFor, getRootNode } = renderCard(fetchFromService);
    await waitFor(() =>
      expect(findAll(Heading).map((heading) => heading.text)).toEqual([
        'Onboarding',
        'Adoption',
        'Health',
        'Suggestions',
        'Renewal',
        'Revenue',
      ]),
    );
    const text = getRootNode().toString();
    expect(text).toContain('Stage 1 of 4: Introduction');
    // Progress is milestones done over milestones: 1 of 3, not the stage's 1 of 4.
    expect(text).toContain('Milestones: 1 of 3 done');
    expect(text).toContain('Seat utilization: 82.5%');
    expect(text).toContain('Core features used: 3 features');
    expect(text).toContain('New business');
    expect(text).toContain('Core platform');
    expect(text).toContain('High touch');
    expect(text).toContain('Behind');
    expect(text).toContain('5 vs prior 30 days');
    expect(findByTestId(Text, 'health-score').toString()).toContain('72 / 100');
    expect(findByTestId(Text, 'health-left-out').toString()).toContain(
      'Sentiment (NPS, CSAT) (no data of this kind yet)',
    );
    expect(text).toContain('−4 points in 30 days');
    expect(text).toContain('Estimated $500 MRR');
    expect(text).toContain('$4,000');
    expect(text).toContain('$48,000');
    expect(text).toContain('in 306 days');
    expectNoCodeNames(renderedText(getRootNode()));
  });

  it('says once that the portal sends no usage yet instead of four empty figures', async () => {
    const unknown = { current: null, previous: null, missingReason: noPortalUsage };
    const payload = {
      ...readyPayload,
      adoption: {
        activeUsers: unknown,
        seats: 38,
        seatUtilizationPercent: unknown,
        meanSessionMinutes: unknown,
        featureBreadth: unknown,
      },
    };
    const { fetchFromService } = scriptedFetch(json(payload));
    const { findByTestId, waitFor } = renderCard(fetchFromService);
    await waitFor(() => expect(findByTestId(Tile, 'adoption-section')).toBeDefined());
    const text = renderedText(findByTestId(Tile, 'adoption-section'));
    expect(text).toContain('No product usage has reached the app from this portal in the last 60 days.');
    expect(text).toContain('38 seats on the active contracts.');
    expect(text).not.toContain('Seat utilization');
    expect(text).not.toContain('—');
  });

  it('shows the renewal with its amount, the chance of churn and what drives it, and the renewal deal', async () => {
    const { fetchFromService } = scriptedFetch(json(readyPayload));
    const { waitFor, getRootNode } = renderCard(fetchFromService);
    await waitFor(() => expect(getRootNode().toString()).toContain('Chance of churn'));
    const text = getRootNode().toString();
    expect(text).toContain('Feb 1, 2027');
    expect(text).toContain('in 307 days');
    expect(text).toContain('34.5%');
    expect(text).toContain('High risk');
    expect(text).toContain('• 12 of 40 seats used in the last 30 days (raises risk)');
    expect(text).toContain('Renewal deal: Acme KK renewal 2027 (Contract sent), closing Jan 15, 2027.');
  });

  it('says the health band tells the risk while the portal has no churn model', async () => {
    const renewal = readyPayload.renewal;
    if (renewal === null || renewal.risk === null) throw new Error('the sample has a renewal with a risk');
    const payload = {
      ...readyPayload,
      renewal: {
        ...renewal,
        risk: {
          ...renewal.risk,
          churnPercent: null,
          method: 'health-score',
          drivers: [],
          reason: '12 past renewals, a model needs at least 50',
        },
        renewalDeal: null,
      },
    };
    const { fetchFromService } = scriptedFetch(json(payload));
    const { waitFor, getRootNode } = renderCard(fetchFromService);
    await waitFor(() => expect(getRootNode().toString()).toContain('Chance of churn'));
    const text = getRootNode().toString();
    expect(text).toContain(
      "No churn forecast yet: this portal's past renewals are not yet enough to forecast churn better than the health score. The health band shows the risk.",
    );
    expect(text).toContain('No open renewal deal in HubSpot.');
  });

  // Only creating the deal changes the CRM before the service answers, so only it asks HubSpot to refresh the record.
  it.each([
    [
      'sets the stage by hand',
      (renderer: ReturnType<typeof renderCard>) =>
        renderer.findByTestId(Select, 'stage-select').trigger('onChange', 'operation' as never),
      '/stage',
      { stage: 'operation' },
      0,
    ],
    [
      'marks a milestone done',
      (renderer: ReturnType<typeof renderCard>) =>
        renderer.findByTestId(Button, 'complete-admin_configured').trigger('onClick'),
      '/milestones/complete',
      { milestoneKey: 'admin_configured' },
      0,
    ],
    [
      'creates the suggested deal',
      (renderer: ReturnType<typeof renderCard>) =>
        renderer.findByTestId(Button, 'create-deal-seat_expansion:core').trigger('onClick'),
      '/suggestions/create-deal',
      { suggestionId: 'seat_expansion:core' },
      1,
    ],
  ] as const)('%s through the service', async (_name, trigger, path, body, refreshes) => {
    const { calls, fetchFromService } = scriptedFetch(json(readyPayload), json(readyPayload));
    let refreshed = 0;
    const renderer = renderCard(fetchFromService, () => void (refreshed += 1));
    await renderer.waitFor(() => expect(renderer.findByTestId(Select, 'stage-select')).toBeDefined());
    trigger(renderer);
    await renderer.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({ url: `${dataUrl}${path}`, method: 'POST', body: { companyId: '4242', ...body } });
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'complete-admin_configured').props.disabled).toBe(false),
    );
    expect(refreshed).toBe(refreshes);
  });

  it('does not ask HubSpot to refresh the record when creating the deal failed', async () => {
    const { calls, fetchFromService } = scriptedFetch(
      json(readyPayload),
      json({ error: { code: 'unavailable', message: 'HubSpot is down' } }, 503),
    );
    let refreshed = 0;
    const renderer = renderCard(fetchFromService, () => void (refreshed += 1));
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'create-deal-seat_expansion:core')).toBeDefined(),
    );
    renderer.findByTestId(Button, 'create-deal-seat_expansion:core').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.getRootNode().toString()).toContain('HubSpot is down'));
    expect(calls).toHaveLength(2);
    expect(refreshed).toBe(0);
  });

  it('dismisses a suggestion only with a reason, and shows a failed action', async () => {
    const { calls, fetchFromService } = scriptedFetch(
      json(readyPayload),
      json({ error: { code: 'conflict', message: 'Already dismissed' } }, 409),
    );
    const renderer = renderCard(fetchFromService);
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'dismiss-seat_expansion:core').props.disabled).toBe(true),
    );
    renderer
      .findByTestId(Input, 'dismiss-reason-seat_expansion:core')
      .trigger('onChange', 'Budget frozen until Q3' as never);
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'dismiss-seat_expansion:core').props.disabled).toBe(false),
    );
    renderer.findByTestId(Button, 'dismiss-seat_expansion:core').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.getRootNode().toString()).toContain('Already dismissed'));
    expect(calls[1]?.body).toEqual({
      companyId: '4242',
      suggestionId: 'seat_expansion:core',
      reason: 'Budget frozen until Q3',
    });
  });
});
