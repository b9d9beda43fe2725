import { useCallback, useEffect, useRef, useState } from 'react';
import type { ManagerCut, ManagerPortfolioPayload } from '../shared/manager-payload';
import type { ManagerApi } from './manager-api';

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
  const [state, setState] = useState<ManagerState>({ status: 'loading' });
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    setState({ status: 'loading' });
    api.load(cut).then(
      (payload) => request === latest.current && setState(stateOf(payload)),
      (error: unknown) =>
        request === latest.current &&
        setState({ status: 'error', message: error instanceof Error ? error.message : 'Something went wrong' }),
    );
  }, [api, cut]);

  useEffect(load, [load]);

  return { state, cut, setCut, retry: load };
}
