import { z } from 'zod';

// Shared by the service (which builds the payload) and the card (which parses it), so it imports
// nothing but zod: the card bundle must build from this folder alone.

const calendarDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' that exists on the calendar. */
export const payloadCalendarDateSchema = z
  .string()
  .regex(calendarDatePattern, 'expected YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'not a real calendar date');

/** Exact money: integer minor units (cents) of an ISO 4217 currency. */
export const payloadMoneySchema = z
  .object({
    amountMinor: z.number().int().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code'),
  })
  .strict();

export const healthBandSchema = z.enum(['red', 'yellow', 'green']);

export const lifecycleStageSchema = z.enum(['introduction', 'operation', 'adoption', 'established']);

export const companyHealthCardPayloadSchema = z
  .object({
    version: z.literal(1),
    /** The day the figures are for, in the portal's time zone. */
    asOf: payloadCalendarDateSchema,
    company: z
      .object({
        id: z.string().regex(/^[0-9]+$/, 'expected a HubSpot object id'),
        name: z.string(),
      })
      .strict(),
    mrr: payloadMoneySchema,
    arr: payloadMoneySchema,
    /** End of the latest active contract; null when the company has none. */
    renewalDate: payloadCalendarDateSchema.nullable(),
    health: z
      .object({
        score: z.number().int().min(0).max(100),
        band: healthBandSchema,
      })
      .strict()
      .optional(),
    /** introduction is the onboarding stage (domain section 4). */
    lifecycleStage: lifecycleStageSchema.optional(),
  })
  .strict()
  .refine((payload) => payload.mrr.currency === payload.arr.currency, {
    message: 'mrr and arr must share a currency',
    path: ['arr', 'currency'],
  });

export type CompanyHealthCardPayload = z.infer<typeof companyHealthCardPayloadSchema>;
export type HealthBand = z.infer<typeof healthBandSchema>;
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;
