import { z } from 'zod';
import { healthBandSchema } from '../health/health-band';
import { healthComponentSchema } from '../health/health-settings';
import { calendarDateSchema } from '../time/calendar-date';
import { digestPeriodSchema } from './digest-schedule';

export const digestRecipientSchema = z.object({
  audience: z.enum(['csm', 'manager']),
  address: z.email(),
  name: z.string(),
  /** The CSM's HubSpot owner id: their companies only. Null for a manager: the whole portfolio. */
  ownerId: z.string().nullable(),
});

export const bandChangeSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  bandBefore: healthBandSchema,
  bandNow: healthBandSchema,
  scoreBefore: z.number(),
  scoreNow: z.number(),
  /** The component whose points moved most, as the card's change driver shows it; null when unknown. */
  driver: z.object({ component: healthComponentSchema, pointsChange: z.number() }).nullable(),
});

export const digestRunSchema = z.object({
  runId: z.string(),
  playbookName: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  openedOn: calendarDateSchema,
  /** The run's tasks past their due day and not completed, oldest first. */
  overdueTasks: z.array(z.object({ title: z.string(), dueOn: calendarDateSchema })),
});

export const digestRenewalSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  renewalDate: calendarDateSchema,
  daysToRenewal: z.number().int(),
  amountMinor: z.number().int().nonnegative(),
  healthBand: healthBandSchema.nullable(),
});

export const digestSchema = z.object({
  portalId: z.number().int().positive(),
  recipient: digestRecipientSchema,
  period: digestPeriodSchema,
  currency: z.string(),
  sections: z.object({
    bandChanges: z.array(bandChangeSchema),
    runsOpened: z.array(digestRunSchema),
    runsOverdue: z.array(digestRunSchema),
    renewals: z.array(digestRenewalSchema),
  }),
});

export type DigestRecipient = z.infer<typeof digestRecipientSchema>;
export type BandChange = z.infer<typeof bandChangeSchema>;
export type DigestRun = z.infer<typeof digestRunSchema>;
export type DigestRenewal = z.infer<typeof digestRenewalSchema>;
export type Digest = z.infer<typeof digestSchema>;
