import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import type { CardFetch } from '../../extensions/app/cards/components/card-api';
import { CompanyHealthCard } from '../../extensions/app/cards/components/company-health-card';

// Runs in the browser: the page names the company and the preview API, the card does the rest.
const configSchema = z.object({ companyId: z.string().regex(/^[0-9]+$/), dataUrl: z.string().startsWith('/') });

/** hubspot.fetch's contract over the browser's fetch: a JSON body object and a timeout in milliseconds. */
const fetchFromPreview: CardFetch = (url, options = {}) =>
  fetch(url, {
    method: options.method ?? 'GET',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeout ?? 15_000),
  });

const configElement = document.getElementById('preview-config');
const mountElement = document.getElementById('card-root');
if (!configElement || !mountElement) throw new Error('The preview page lacks #preview-config or #card-root');
const config = configSchema.parse(JSON.parse(configElement.textContent));

createRoot(mountElement).render(
  <StrictMode>
    <CompanyHealthCard companyId={config.companyId} fetchFromService={fetchFromPreview} dataUrl={config.dataUrl} />
  </StrictMode>,
);
