import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import type { ManagerFetch } from '../../extensions/app/pages/components/manager-api';
import { ManagerHome } from '../../extensions/app/pages/components/manager-home';

// Runs in the browser: the page names the preview API, the home page's own components do the rest.
const configSchema = z.object({ dataUrl: z.string().startsWith('/') });

const fetchFromPreview: ManagerFetch = (url, options = {}) =>
  fetch(url, { method: options.method ?? 'GET', signal: AbortSignal.timeout(options.timeout ?? 15_000) });

const configElement = document.getElementById('preview-config');
const mountElement = document.getElementById('manager-root');
if (!configElement || !mountElement) throw new Error('The manager page lacks #preview-config or #manager-root');
const config = configSchema.parse(JSON.parse(configElement.textContent ?? '{}'));

createRoot(mountElement).render(
  <StrictMode>
    <ManagerHome fetchFromService={fetchFromPreview} dataUrl={config.dataUrl} />
  </StrictMode>,
);
