import type { KpiSettings } from './kpi-settings';

export type CustomerCounting = KpiSettings['customers'];

/** How a report says what one customer is (the KPI setting `customers`), in words a manager reads. */
export const customerCountingNotes: Record<CustomerCounting, string> = {
  'each-company': 'Each HubSpot company counts as one customer.',
  group: 'A parent company and all its subsidiaries count as one customer, with their MRR summed.',
};
