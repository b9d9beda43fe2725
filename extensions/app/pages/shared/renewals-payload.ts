import { z } from 'zod';

// Shared by the service (which builds it) and the renewals page (which parses it): zod only, so the
// pages bundle builds from this folder alone. Money is in major units of `currency`, as the manager reads it.

export const renewalWindows = [30, 90, 180] as const;
export const renewalsQuerySchema = z.object({
  within: z.coerce
    .number()
    .refine(
      (value): value is (typeof renewalWindows)[number] => (renewalWindows as readonly number[]).includes(value),
      'expected 30, 90 or 180',
    )
    .default(90),
  /** One CSM's renewals: the owner id of the CSM assigned at hand-off, else of the company's owner. */
  csm: z
    .string()
    .regex(/^[0-9]+$/, 'expected a HubSpot owner id')
    .optional(),
});
export type RenewalsQuery = z.infer<typeof renewalsQuerySchema>;

const renewalRowSchema = z
  .object({
    companyId: z.string(),
    companyName: z.string(),
    /** The company's CSM: assigned at hand-off, else its owner. */
    csm: z.string(),
    renewalDate: z.string(),
    daysToRenewal: z.number().int(),
    amount: z.number(),
    /** Chance of churn in percent; null when the portal uses the health score. */
    churnPercent: z.number().nullable(),
    /** amount x chance of churn: what the ranking sorts by. Null without a model. */
    exposure: z.number().nullable(),
    healthScore: z.number().int().nullable(),
    healthBand: z.enum(['red', 'yellow', 'green']).nullable(),
    topDriver: z.string().nullable(),
    renewalDeal: z.string().nullable(),
  })
  .strict();

const forecastSchema = z
  .object({
    quarter: z.string(),
    /** The quarter is still running. */
    partial: z.boolean(),
    renewals: z.number().int(),
    amountUp: z.number(),
    expectedRenewed: z.number(),
    interval: z.tuple([z.number(), z.number()]),
    atRisk: z.number(),
  })
  .strict();

export const renewalsPayloadSchema = z
  .object({
    asOf: z.string(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    within: z.number().int(),
    csm: z.string().nullable(),
    method: z.enum(['model', 'health-score']),
    /** Why that method, in words. */
    reason: z.string(),
    /** The CSMs of the renewals in the window, to filter by. */
    csms: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
    totals: z.object({ renewals: z.number().int(), amountUp: z.number(), atRisk: z.number().nullable() }).strict(),
    renewals: z.array(renewalRowSchema),
    forecast: forecastSchema,
  })
  .strict();

export type RenewalsPayload = z.infer<typeof renewalsPayloadSchema>;
