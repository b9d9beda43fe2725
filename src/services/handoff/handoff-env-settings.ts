import type { Env } from '../../config/env';
import type { HandoffSettingsInput } from '../../domain/handoff/handoff-settings';

/** The hand-off settings the environment sets; everything else keeps the documented default. */
export function handoffSettingsFromEnv(
  env: Pick<Env, 'CS_CSM_OWNER_IDS' | 'CS_CSM_TEAM' | 'CS_HANDOFF_REQUIRED_FIELDS' | 'CS_HANDOFF_SET_COMPANY_OWNER'>,
): HandoffSettingsInput {
  return {
    ...(env.CS_CSM_OWNER_IDS ? { csmOwnerIds: env.CS_CSM_OWNER_IDS } : {}),
    ...(env.CS_CSM_TEAM ? { csmTeamName: env.CS_CSM_TEAM } : {}),
    ...(env.CS_HANDOFF_REQUIRED_FIELDS ? { requiredDealFields: env.CS_HANDOFF_REQUIRED_FIELDS } : {}),
    setCompanyOwner: env.CS_HANDOFF_SET_COMPANY_OWNER === 'true',
  };
}
