export { assessMaturity, percentOf, type MaturityAssessment, type MaturityCriterion } from './assess-maturity';
export { maturityEvidenceSchema, type MaturityEvidence } from './maturity-evidence';
export { defaultMaturitySettings, maturitySettingsSchema, type MaturitySettings } from './maturity-settings';
export {
  maturityContext,
  maturityStageDescriptions,
  maturityStages,
  maturityStageSchema,
  type MaturityStage,
} from './maturity-stages';
