import { useCallback, useState } from 'react';
import type { CardActionName, CompanyHealthCardPayload } from '../shared/card-payload';
import type { CardApi } from './card-api';
import { useServiceRequest } from './use-service-request';

export type CardState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'empty'; readonly payload: CompanyHealthCardPayload }
  | { readonly status: 'ready'; readonly payload: CompanyHealthCardPayload };

/** Not a customer yet and no onboarding started: the card offers to start it. */
function stateOf(payload: CompanyHealthCardPayload): CardState {
  return payload.company.status !== 'customer' && payload.onboarding === null
    ? { status: 'empty', payload }
    : { status: 'ready', payload };
}

// Actions whose answer comes after the service changed the CRM record itself (the deal is created and associated
// before it answers); stage and milestones reach HubSpot later, through the write-back job.
const actionsWritingToCrm: ReadonlySet<CardActionName> = new Set(['createSuggestedDeal']);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}

/** `onCrmWritten` asks HubSpot to show the record's new values (the card's `actions.refreshObjectProperties`). */
export function useCompanyCard(api: CardApi, companyId: string, onCrmWritten?: () => void) {
  const request = useCallback(() => api.load(companyId), [api, companyId]);
  const { outcome, retry, settle } = useServiceRequest(request);
  const state: CardState = outcome.status === 'loaded' ? stateOf(outcome.value) : outcome;
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = useCallback(
    (action: CardActionName, body: Record<string, unknown>) => {
      setBusy(true);
      setActionError(null);
      api.act(action, { companyId, ...body }).then(
        (payload) => {
          settle(payload);
          setBusy(false);
          if (actionsWritingToCrm.has(action)) onCrmWritten?.();
        },
        (error: unknown) => {
          setActionError(messageOf(error));
          setBusy(false);
        },
      );
    },
    [api, companyId, onCrmWritten, settle],
  );

  return { state, busy, actionError, retry, act };
}
