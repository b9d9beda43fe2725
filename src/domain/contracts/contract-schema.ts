import { z } from 'zod';
import { calendarDateSchema } from '../time/calendar-date';
import { exchangeRateSchema } from './currency';
import { timeZoneSchema } from '../time/time-zone';

export const dealKindSchema = z.enum(['new', 'renewal', 'upsell', 'cross_sell', 'downgrade']);
export type DealKind = z.infer<typeof dealKindSchema>;

export const defaultProduct = 'core';

/**
 * A recurring contract derived from a closed-won deal (domain §1.1). Dates are portal-local calendar
 * dates; the contract is active on d when startDate <= d < endDate.
 */
export const contractSchema = z
  .object({
    dealId: z.string().min(1),
    companyId: z.string().min(1),
    kind: dealKindSchema,
    product: z.string().min(1),
    mrrMinor: z.number().int().nonnegative(),
    startDate: calendarDateSchema,
    endDate: calendarDateSchema,
    seats: z.number().int().nonnegative().nullable(),
    closeDate: calendarDateSchema,
  })
  .refine((contract) => contract.startDate < contract.endDate, {
    error: 'endDate must be after startDate',
    path: ['endDate'],
  });

export type Contract = z.infer<typeof contractSchema>;

/** A deal as the sync reads it: HubSpot's string properties and its company ids, primary first. */
export const dealInputSchema = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()),
  companyIds: z.array(z.string().min(1)),
});

export type DealInput = z.infer<typeof dealInputSchema>;

export const dealToContractOptionsSchema = z.object({
  timeZone: timeZoneSchema,
  minorUnitDigits: z.number().int().min(0).max(4).default(2),
  defaultTermMonths: z.number().int().positive().default(12),
  closedWonStageIds: z.array(z.string().min(1)),
  /** The portal's company currency: a deal in another (`deal_currency_code`) is converted into it. */
  currency: z.string().length(3).optional(),
  exchangeRates: z.array(exchangeRateSchema).default([]),
  /** KPI setting `dealTypes`: the kinds of the portal's own deal types, by internal value (any case). */
  dealTypes: z.record(z.string(), dealKindSchema).default({}),
  /** KPI setting `dealPipelines` by pipeline id: the kind of every deal of those pipelines. */
  pipelineKinds: z.record(z.string(), dealKindSchema).default({}),
});

export type DealToContractOptions = z.input<typeof dealToContractOptionsSchema>;

export const notContractReasonSchema = z.enum([
  'not-closed-won',
  'no-company',
  'no-recurring-amount',
  'invalid-recurring-amount',
  'negative-recurring-amount',
  'invalid-term-months',
  'invalid-date',
  'no-start-date',
  'end-not-after-start',
  'invalid-deal-kind',
  'invalid-seats',
  'no-exchange-rate',
]);

export type NotContractReason = z.infer<typeof notContractReasonSchema>;

export const dealToContractResultSchema = z.discriminatedUnion('isContract', [
  z.object({ isContract: z.literal(true), contract: contractSchema }),
  z.object({
    isContract: z.literal(false),
    dealId: z.string(),
    reason: notContractReasonSchema,
    detail: z.string(),
  }),
]);

export type DealToContractResult = z.infer<typeof dealToContractResultSchema>;
