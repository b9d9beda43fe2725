import type { Database } from '../../db/client';
import type { SuggestedDealSettings } from '../../domain/deals/suggested-deal-placement';
import type { Portal } from '../../db/repositories/portals-repository';
import { loadCompanyCard } from './company-card-service';
import type { CompanySuccessPort } from './company-success-port';

export interface CardActionContext {
  readonly db: Database;
  readonly portal: Portal;
  readonly companyId: string;
  readonly asOf: string;
  /** The HubSpot user from the signed request (e-mail, else `user:<id>`). */
  readonly actor: string;
  readonly success?: CompanySuccessPort;
  /** Where suggested deals go; unset: the first open stage of the default pipeline. */
  readonly suggestedDeal?: SuggestedDealSettings;
}

export async function requireCompany(context: CardActionContext) {
  return loadCompanyCard({
    db: context.db,
    portal: context.portal,
    companyId: context.companyId,
    asOf: context.asOf,
    success: context.success,
  });
}
