export { handOffDeal, type HandOffDependencies, type HandOffResult, type HandOffSkipReason } from './handoff-service';
export { handoffSettingsFromEnv } from './handoff-env-settings';
