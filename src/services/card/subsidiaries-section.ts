import type { RevenuePayload, SubsidiariesPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import { listSubsidiaryFigures } from '../../db/repositories/company-subsidiaries-repository';
import type { CalendarDate } from '../../domain/time/calendar-date';

/** The card lists this many subsidiaries and counts the rest ("and N more"); the totals cover them all. */
export const subsidiariesShown = 50;

interface SubsidiariesRequest {
  readonly db: Database;
  readonly portalId: number;
  readonly companyId: string;
  readonly asOf: CalendarDate;
  /** The company's own MRR, in the portal's currency. */
  readonly ownMrr: RevenuePayload['mrr'];
}

/** The companies below this one with the group's totals; undefined when it has none (a second statement). */
export async function loadSubsidiariesSection({
  db,
  portalId,
  companyId,
  asOf,
  ownMrr,
}: SubsidiariesRequest): Promise<SubsidiariesPayload | undefined> {
  const subsidiaries = await listSubsidiaryFigures(db, portalId, companyId, asOf);
  if (subsidiaries.length === 0) return undefined;
  const { currency } = ownMrr;
  const subsidiariesMrr = subsidiaries.reduce((total, subsidiary) => total + subsidiary.mrrMinor, 0);
  const payingSubsidiaries = subsidiaries.filter((subsidiary) => subsidiary.mrrMinor > 0).length;
  const listed = subsidiaries.slice(0, subsidiariesShown);
  return {
    items: listed.map((subsidiary) => ({
      id: subsidiary.companyId,
      name: subsidiary.name ?? `Company ${subsidiary.companyId}`,
      depth: subsidiary.depth,
      health: subsidiary.health,
      mrr: { amountMinor: subsidiary.mrrMinor, currency },
      renewalDate: subsidiary.renewalDate,
    })),
    notShown: subsidiaries.length - listed.length,
    total: subsidiaries.length,
    groupMrr: { amountMinor: ownMrr.amountMinor + subsidiariesMrr, currency },
    groupCustomers: payingSubsidiaries + (ownMrr.amountMinor > 0 ? 1 : 0),
  };
}
