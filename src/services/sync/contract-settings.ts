import type { Executor } from '../../db/client';
import { exchangeRatesInUse } from '../../db/repositories/exchange-rates-repository';
import { closedWonStageIds, dealPipelines } from '../../db/repositories/pipelines-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { minorUnitDigits, type ExchangeRate } from '../../domain/contracts/currency';
import { pipelineKindsById, type DealTypeKinds } from '../../domain/contracts/deal-types';
import type { RenewalRule } from '../../domain/contracts/renewal-recognition';
import { loadPortalSettings } from '../settings/portal-settings-loader';

/** What deriving a portal's contracts from its deals needs besides the deals (domain §1.1). */
export interface ContractSettings {
  readonly timeZone: string;
  readonly minorUnitDigits: number;
  readonly closedWonStageIds: string[];
  /** The portal's company currency and the rates that convert deals in other currencies into it. */
  readonly currency: string;
  readonly exchangeRates: ExchangeRate[];
  /** KPI setting `dealTypes`: what the portal's own deal types are. */
  readonly dealTypes: DealTypeKinds;
  /** KPI setting `dealPipelines`, by pipeline id: the kind of every deal of those pipelines. */
  readonly pipelineKinds: DealTypeKinds;
  /**
   * KPI setting `renewals`: whether renewals without their terms follow on the terms they renew, and add-ons end with
   * the terms they were bought into.
   */
  readonly renewals: RenewalRule;
}

export async function loadContractSettings(db: Executor, portalId: number): Promise<ContractSettings> {
  const portal = await findPortal(db, portalId);
  if (!portal) throw new Error(`Portal ${portalId} has not been synced`);
  const { kpi } = await loadPortalSettings(db, portalId);
  return {
    timeZone: portal.timeZone,
    minorUnitDigits: minorUnitDigits(portal.currency),
    closedWonStageIds: await closedWonStageIds(db, portalId),
    currency: portal.currency,
    exchangeRates: await exchangeRatesInUse(db, portalId),
    dealTypes: kpi.dealTypes,
    pipelineKinds: pipelineKindsById(kpi.dealPipelines, await dealPipelines(db, portalId)),
    renewals: kpi.renewals,
  };
}
