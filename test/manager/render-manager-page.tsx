import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { ManagerFetch } from '../../extensions/app/pages/components/manager-api';
import { ManagerPages } from '../../extensions/app/pages/components/manager-pages';

export const managerDataUrl = 'https://cs.example.com/hubspot/home/manager-portfolio';

/** Renders the app pages at `path`, the service answering every request with `payload`; records the URLs asked. */
export function renderManagerPage(path: string, payload: unknown) {
  const urls: string[] = [];
  const fetchFromService: ManagerFetch = (url) => {
    urls.push(url);
    return Promise.resolve(
      new Response(JSON.stringify(payload), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  };
  const renderer = createRenderer('pages');
  renderer.mocks.setPageLocation({ path, params: {} });
  renderer.render(<ManagerPages fetchFromService={fetchFromService} dataUrl={managerDataUrl} />);
  return { renderer, urls };
}
