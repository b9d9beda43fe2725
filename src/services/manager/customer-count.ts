import type { Executor } from '../../db/client';
import { activeMrrOn } from '../../db/repositories/customer-status-repository';
import { countCustomers } from '../../domain/contracts/customer-status';

/** The customers on `day` by the domain's one rule (MRR > 0, domain §1.1), as the companies API marks them. */
export async function customersOn(db: Executor, portalId: number, day: string): Promise<{ on: string; count: number }> {
  return { on: day, count: countCustomers(await activeMrrOn(db, portalId, day)) };
}
