import type { Executor } from '../../src/db/client';
import { csmAssignments } from '../../src/db/schema';

/** Records `ownerId` as the company's CSM, as a hand-off that kept the sales owner on the company does. */
export async function assignCsmAtHandoff(
  db: Executor,
  portalId: number,
  companyId: string,
  ownerId: string,
): Promise<void> {
  await db.insert(csmAssignments).values({
    portalId,
    companyId,
    ownerId,
    reason: 'least_loaded_csm',
    touchModel: 'low_touch',
    detail: 'test',
    dealId: `deal-${companyId}`,
    assignedAt: '2026-01-10T09:00:00Z',
  });
}
