/** The portal's last count of "Existing business" deals that continue a contract as renewals do. */
export interface ExistingBusinessCount {
  readonly renewals: number;
  /** Whether the KPI setting `existingBusinessDeals.recognizeRenewals` counted them as renewals. */
  readonly recognized: boolean;
  readonly withinDays: number;
}

function deals(count: number): string {
  return count === 1 ? '1 deal' : `${count} deals`;
}

/**
 * What a KPI report says about such deals: none, that they count as renewals, or that they count as upsells (domain
 * §1.1) though they look like renewals, and the two ways to change that.
 */
export function existingBusinessNote(count: ExistingBusinessCount | null): string | null {
  if (count === null || count.renewals === 0) return null;
  const recorded = `${deals(count.renewals)} recorded as Existing business without cs_deal_kind`;
  if (count.recognized)
    return `${recorded} count as renewals: each continues the company's contract for the same product (KPI setting existingBusinessDeals).`;
  return (
    `${recorded} start within ${count.withinDays} days of the end of the company's contract for the same product, ` +
    'as renewals do, and count as upsells. Set cs_deal_kind to renewal on them in HubSpot, or count them as renewals ' +
    'with the KPI setting existingBusinessDeals.recognizeRenewals.'
  );
}
