import { useCallback, useState } from 'react';
import type { ManagerCut, ManagerPortfolioPayload } from '../shared/manager-payload';
import type { ManagerApi } from './manager-api';
import { useServiceRequest } from './use-service-request';

export type ManagerState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'empty'; readonly payload: ManagerPortfolioPayload }
  | { readonly status: 'ready'; readonly payload: ManagerPortfolioPayload };

/** Nothing synced that the view could show: no customer in any month and no health score. */
function stateOf(payload: ManagerPortfolioPayload): ManagerState {
  const noCustomers = payload.months.every((month) => month.customersStart === 0 && month.customersEnd === 0);
  return noCustomers && payload.health.scoredOn === null ? { status: 'empty', payload } : { status: 'ready', payload };
}

export function useManagerPortfolio(api: ManagerApi, initialCut: ManagerCut = 'owner') {
  const [cut, setCut] = useState<ManagerCut>(initialCut);
  const request = useCallback(() => api.load(cut), [api, cut]);
  const { outcome, retry } = useServiceRequest(request);
  const state: ManagerState = outcome.status === 'loaded' ? stateOf(outcome.value) : outcome;
  return { state, cut, setCut, retry };
}
