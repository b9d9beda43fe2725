import { EmptyState, LoadingSpinner } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { ManagerFetch } from '../../extensions/app/pages/components/manager-api';
import { ManagerPages } from '../../extensions/app/pages/components/manager-pages';
import { readyPayload } from './sample-payload';

const dataUrl = 'https://cs.example.com/hubspot/home/manager-portfolio';

function recordingFetch() {
  const urls: string[] = [];
  const fetchFromService: ManagerFetch = (url) => {
    urls.push(url);
    return Promise.resolve(
      new Response(JSON.stringify(readyPayload), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  };
  return { urls, fetchFromService };
}

/** The app pages at a path, as HubSpot's router would be at that deep link. */
function renderAt(path: string, params: Record<string, string> = {}) {
  const { urls, fetchFromService } = recordingFetch();
  const renderer = createRenderer('pages');
  renderer.mocks.setPageLocation({ path, params });
  renderer.render(<ManagerPages fetchFromService={fetchFromService} dataUrl={dataUrl} />);
  return { renderer, urls };
}

describe('ManagerPages (app pages with createPageRouter)', () => {
  it('opens the portfolio at the index route, cut by CSM', async () => {
    const { renderer, urls } = renderAt('/');
    expect(renderer.find(PageTitle).text).toBe('Portfolio');
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toEqual([`${dataUrl}?cut=owner`]);
  });

  it('deep-links to the portfolio cut by tier', async () => {
    const { renderer, urls } = renderAt('/portfolio/tier');
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toEqual([`${dataUrl}?cut=tier`]);
  });

  it('ignores a cut it does not know and shows the default', async () => {
    const { renderer, urls } = renderAt('/portfolio/planet');
    await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(urls).toEqual([`${dataUrl}?cut=owner`]);
  });

  it('answers an unknown page with a link back to the portfolio', () => {
    const { renderer, urls } = renderAt('/renewals/2027');
    expect(renderer.findByTestId(EmptyState, 'manager-not-found').toString()).toContain('Open the portfolio');
    expect(urls).toEqual([]);
  });
});
