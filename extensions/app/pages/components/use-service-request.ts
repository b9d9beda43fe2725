import { useCallback, useEffect, useState } from 'react';

export type RequestOutcome<Loaded> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'loaded'; readonly value: Loaded };

interface Settled<Loaded> {
  readonly request: () => Promise<Loaded>;
  readonly attempt: number;
  readonly outcome: RequestOutcome<Loaded>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}

/**
 * Runs `request` (memoise it with useCallback) when it changes and on `retry`; while it runs the outcome is
 * `loading`, and the answer to a request that was replaced meanwhile is dropped. `settle` replaces the current
 * outcome (an action's answer). The card extension holds the same hook: each extension is bundled on its own.
 */
export function useServiceRequest<Loaded>(request: () => Promise<Loaded>) {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<Loaded> | null>(null);

  useEffect(() => {
    let current = true;
    request().then(
      (value) => current && setSettled({ request, attempt, outcome: { status: 'loaded', value } }),
      (error: unknown) =>
        current && setSettled({ request, attempt, outcome: { status: 'error', message: messageOf(error) } }),
    );
    return () => {
      current = false;
    };
  }, [request, attempt]);

  const outcome: RequestOutcome<Loaded> =
    settled !== null && settled.request === request && settled.attempt === attempt
      ? settled.outcome
      : { status: 'loading' };
  const retry = useCallback(() => setAttempt((previous) => previous + 1), []);
  const settle = useCallback(
    (value: Loaded) => setSettled({ request, attempt, outcome: { status: 'loaded', value } }),
    [request, attempt],
  );
  return { outcome, retry, settle };
}
