import type { HealthTrendPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import type { CardHealthDay } from '../../db/repositories/company-card-parts';
import type { LifecycleStage } from '../../domain/lifecycle/stage';
import type { CompanySuccess } from '../customer-success/company-success-schema';
import type { CustomerSuccessSettings } from '../customer-success/customer-success-settings';
import type { CompanySuccessRows } from '../customer-success/company-success-view';

/** What the card needs from the customer-success service: onboarding, health, suggestions and their actions. */
export interface CompanySuccessPort {
  load(db: Database, portalId: number, companyId: string, asOf: string): Promise<CompanySuccess | null>;
  /** The same view from rows the card has already read (in its single statement). */
  fromRows(
    rows: CompanySuccessRows,
    companyId: string,
    asOf: string,
    settings: CustomerSuccessSettings,
  ): CompanySuccess;
  /** The 90-day health trend and the driver of the last change from the days the card read; absent where no history is kept. */
  healthTrend?(history: readonly CardHealthDay[]): HealthTrendPayload;
  setManualStage(
    db: Database,
    portalId: number,
    companyId: string,
    stage: LifecycleStage,
    actor: string,
  ): Promise<void>;
  completeMilestone(
    db: Database,
    portalId: number,
    companyId: string,
    milestoneKey: string,
    actor: string,
  ): Promise<void>;
  dismissSuggestion(
    db: Database,
    portalId: number,
    companyId: string,
    suggestionId: string,
    reason: string,
    actor: string,
  ): Promise<void>;
}
