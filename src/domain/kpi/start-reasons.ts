// Shared by the product's SQL path (src/services/kpi) and the reference: why a rate over S or start MRR has no value.
import type { KpiSettings } from './kpi-settings';

export type PeriodStartBoundary = KpiSettings['periodStartBoundary'];

/** Where S and start MRR are measured under the setting, in a CSM's words (domain §2). */
const measuredOn: Record<PeriodStartBoundary, string> = {
  'previous-day': 'at the end of the previous period',
  'first-day': 'on the first day of the period',
};

/** The reason a rate over abs(S) has no value: 'no customers at the end of the previous period'. */
export function noStartCustomersReason(boundary: PeriodStartBoundary): string {
  return `no customers ${measuredOn[boundary]}`;
}

/** The reason a rate over start MRR has no value: 'no MRR at the end of the previous period'. */
export function noStartMrrReason(boundary: PeriodStartBoundary): string {
  return `no MRR ${measuredOn[boundary]}`;
}
