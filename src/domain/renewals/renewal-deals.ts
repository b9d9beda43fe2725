import { z } from 'zod';
import { addDays, type CalendarDate } from '../time/calendar-date';
import { dayInWords } from '../text/day-in-words';
import type { RenewalRecord } from './renewal-records';

/** The renewal deal the app creates in HubSpot ahead of a renewal; off until a team turns it on. */
export const renewalDealSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** Unset: the default pipeline; a stage alone names its pipeline (see `placeDeal`). */
  pipelineId: z.string().trim().min(1).optional(),
  stageId: z.string().trim().min(1).optional(),
  /** The deal is created this many days before the renewal date. */
  leadDays: z.number().int().min(1).max(365).default(90),
});

/**
 * The renewals that should get a renewal deal on `asOf`: still open, due within the lead days and not yet
 * past, at a company with no open renewal deal already (one a CSM made counts).
 */
export function renewalDealsDue(
  records: readonly RenewalRecord[],
  companiesWithOpenRenewalDeal: ReadonlySet<string>,
  asOf: CalendarDate,
  leadDays: number,
): RenewalRecord[] {
  const last = addDays(asOf, leadDays);
  return records.filter(
    (record) =>
      record.outcome === 'pending' &&
      record.renewalDate >= asOf &&
      record.renewalDate <= last &&
      !companiesWithOpenRenewalDeal.has(record.companyId),
  );
}

/** The renewal deal's name: the company and the day its contracts end. */
export function renewalDealName(
  companyName: string | null,
  record: Pick<RenewalRecord, 'companyId' | 'renewalDate'>,
): string {
  return `${companyName ?? `Company ${record.companyId}`}: renewal ${dayInWords(record.renewalDate)}`;
}
