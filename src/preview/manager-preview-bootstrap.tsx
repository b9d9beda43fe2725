import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import type { ManagerFetch } from '../../extensions/app/pages/components/manager-api';
import { ManagerPages } from '../../extensions/app/pages/components/manager-pages';
import { setPagesBasePath } from './ui-extensions/pages';

// Runs in the browser: the page names the preview API and where the app's pages live; their own components do the rest.
const configSchema = z.object({ dataUrl: z.string().startsWith('/'), basePath: z.string().startsWith('/') });

const fetchFromPreview: ManagerFetch = (url, options = {}) =>
  fetch(url, { method: options.method ?? 'GET', signal: AbortSignal.timeout(options.timeout ?? 15_000) });

const configElement = document.getElementById('preview-config');
const mountElement = document.getElementById('manager-root');
if (!configElement || !mountElement) throw new Error('The manager page lacks #preview-config or #manager-root');
const config = configSchema.parse(JSON.parse(configElement.textContent));
setPagesBasePath(config.basePath);

createRoot(mountElement).render(
  <StrictMode>
    <ManagerPages fetchFromService={fetchFromPreview} dataUrl={config.dataUrl} />
  </StrictMode>,
);
