import { useCallback, useState } from 'react';
import type { RenewalsPayload, RenewalsQuery } from '../shared/renewals-payload';
import type { ManagerFetch } from './manager-api';
import { loadRenewals } from './renewals-api';
import { useServiceRequest } from './use-service-request';

export type RenewalsState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly payload: RenewalsPayload };

export function useRenewals(fetchFromService: ManagerFetch, dataUrl: string) {
  const [query, setQuery] = useState<RenewalsQuery>({ within: 90 });
  const request = useCallback(() => loadRenewals(fetchFromService, dataUrl, query), [fetchFromService, dataUrl, query]);
  const { outcome, retry } = useServiceRequest(request);
  const state: RenewalsState = outcome.status === 'loaded' ? { status: 'ready', payload: outcome.value } : outcome;
  return { state, query, setQuery, retry };
}
