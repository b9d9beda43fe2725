import { randomUUID } from 'node:crypto';

export { apiLimits, apiTiers, type ApiLimits, type ApiLimitsInput, type ApiTier } from './api-tiers';

export type PolicyName = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

const policyText: Record<PolicyName, { readonly message: string; readonly group: string }> = {
  TEN_SECONDLY_ROLLING: {
    message: 'You have reached your ten_secondly_rolling limit.',
    group: 'private_app-api-calls-ten-secondly',
  },
  DAILY: { message: 'You have reached your daily limit.', group: 'private_app-api-calls-daily' },
  SECONDLY: { message: 'You have reached your secondly limit.', group: 'crm-search-secondly' },
};

/** HubSpot's 429 body; clients tell the limits apart by `policyName`. */
export function rateLimitBody(portalId: number, policy: PolicyName = 'TEN_SECONDLY_ROLLING'): Record<string, string> {
  return {
    status: 'error',
    message: policyText[policy].message,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    groupName: `publicapi:${policyText[policy].group}:sandbox:${portalId}`,
  };
}
