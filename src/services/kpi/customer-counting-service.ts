import type { Executor } from '../../db/client';
import type { CustomerCounting } from '../../domain/kpi/customer-counting';
import { portalSettingsForReading } from '../settings/settings-service';

/** What one customer is in the portal's KPI reports: its stored KPI setting `customers`. */
export async function customerCounting(db: Executor, portalId: number): Promise<CustomerCounting> {
  return (await portalSettingsForReading(db, portalId)).kpi.customers;
}
