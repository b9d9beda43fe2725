import {
  completeMilestone,
  dismissSuggestion,
  loadCompanySuccess,
  setManualStage,
} from '../customer-success/company-success';
import { healthTrendOf } from '../customer-success/health-trend-service';
import { companySuccessFromRows } from '../customer-success/company-success-view';
import type { CompanySuccessPort } from './company-success-port';

/** The customer-success service as the card uses it. */
export const companySuccessService: CompanySuccessPort = {
  load: (db, portalId, companyId, asOf) => loadCompanySuccess(db, portalId, companyId, asOf),
  healthTrend: (history) => healthTrendOf(history),
  fromRows: (rows, companyId, asOf, settings) => companySuccessFromRows(rows, companyId, asOf, settings),
  setManualStage: async (db, portalId, companyId, stage, actor) => {
    await setManualStage(db, portalId, companyId, stage, actor);
  },
  completeMilestone: (db, portalId, companyId, milestoneKey, actor) =>
    completeMilestone(db, portalId, companyId, milestoneKey, actor),
  dismissSuggestion: async (db, portalId, companyId, suggestionId, reason, actor) => {
    await dismissSuggestion(db, portalId, companyId, suggestionId, reason, actor);
  },
};
