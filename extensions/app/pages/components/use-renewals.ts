import { useCallback, useEffect, useRef, useState } from 'react';
import type { RenewalsPayload, RenewalsQuery } from '../shared/renewals-payload';
import type { ManagerFetch } from './manager-api';
import { loadRenewals } from './renewals-api';

export type RenewalsState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly payload: RenewalsPayload };

export function useRenewals(fetchFromService: ManagerFetch, dataUrl: string) {
  const [query, setQuery] = useState<RenewalsQuery>({ within: 90 });
  const [state, setState] = useState<RenewalsState>({ status: 'loading' });
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    setState({ status: 'loading' });
    loadRenewals(fetchFromService, dataUrl, query).then(
      (payload) => request === latest.current && setState({ status: 'ready', payload }),
      (error: unknown) =>
        request === latest.current &&
        setState({ status: 'error', message: error instanceof Error ? error.message : 'Something went wrong' }),
    );
  }, [fetchFromService, dataUrl, query]);

  useEffect(load, [load]);

  return { state, query, setQuery, retry: load };
}
