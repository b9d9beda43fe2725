import { z } from 'zod';
import { healthBandSchema } from '../health/health-band';
import { healthComponentSchema } from '../health/health-settings';
import { calendarDateSchema } from '../time/calendar-date';

/** What the playbooks see of a company on a scored day: its latest health row and the facts around it. */
export const companySignalsSchema = z.object({
  companyId: z.string(),
  name: z.string().nullable(),
  ownerId: z.string().nullable(),
  tier: z.string().nullable(),
  industry: z.string().nullable(),
  touchModel: z.enum(['high_touch', 'low_touch', 'tech_touch']).nullable(),
  properties: z.record(z.string(), z.string().nullable()),
  asOf: calendarDateSchema,
  score: z.number(),
  band: healthBandSchema,
  components: z.partialRecord(healthComponentSchema, z.number()),
  /** Scores of earlier days, newest first (`date`, `score`). */
  history: z.array(z.object({ date: calendarDateSchema, score: z.number() })),
  overdueMilestones: z.array(z.object({ key: z.string(), label: z.string(), daysOverdue: z.number() })),
  daysToRenewal: z.number().nullable(),
  latestNps: z.number().nullable(),
  /** Null while the portal sends no product usage: not measured, not 0 (likewise each day's seat utilization). */
  activeUsers: z.number().nullable(),
  seats: z.number().nullable(),
  /** Seat utilization of today and the days before it, newest first; null on a day without a seat count. */
  seatUtilizationDays: z.array(z.number().nullable()),
  daysSinceLastUsage: z.number().nullable(),
});

export type CompanySignals = z.infer<typeof companySignalsSchema>;
