import { z } from 'zod';
import { touchModelSchema } from '../lifecycle/touch-model';

/** The deal fields a hand-off needs, by the name a sales rep knows them; each maps to deal properties. */
export const requiredDealFieldSchema = z.enum([
  'amount',
  'contract_start',
  'contract_end',
  'term',
  'seats',
  'product',
  'close_date',
]);
export type RequiredDealField = z.infer<typeof requiredDealFieldSchema>;

export const taskPrioritySchema = z.enum(['LOW', 'MEDIUM', 'HIGH']);

const localTimePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

export const handoffSettingsSchema = z.object({
  // Owner ids of the CS team; empty means every active owner may be assigned (the log says so).
  csmOwnerIds: z.array(z.string().min(1)).default([]),
  // With no list, the owners in this HubSpot team are the CS team (every active owner when nobody is in it).
  csmTeamName: z.string().min(1).default('Customer Success'),
  // A narrower list per touch model (e.g. senior CSMs for high touch); a model without one uses csmOwnerIds.
  csmOwnerIdsByTouchModel: z.partialRecord(touchModelSchema, z.array(z.string().min(1)).min(1)).default({}),
  requiredDealFields: z.array(requiredDealFieldSchema).default(['amount', 'contract_start', 'seats', 'product']),
  dueInBusinessDays: z.number().int().nonnegative().default(1),
  // The local time the CSM's task falls due: the end of the working day, so a full day is left.
  dueLocalTime: z.string().regex(localTimePattern, 'expected HH:MM').default('17:00'),
  // Days of the week (0 = Sunday) that are not business days.
  weekendDays: z
    .array(z.number().int().min(0).max(6))
    .max(6)
    .default([0, 6])
    .refine((days) => new Set(days).size < 7, 'leave at least one business day'),
  taskPriorityByTouchModel: z
    .object({
      high_touch: taskPrioritySchema.default('HIGH'),
      low_touch: taskPrioritySchema.default('MEDIUM'),
      tech_touch: taskPrioritySchema.default('LOW'),
    })
    .prefault({}),
  // CS teams usually keep the sales owner on the company and track the CSM in cs_csm; a setting can hand the company over.
  setCompanyOwner: z.boolean().default(false),
});

export type HandoffSettings = z.infer<typeof handoffSettingsSchema>;
export type HandoffSettingsInput = z.input<typeof handoffSettingsSchema>;

export function defaultHandoffSettings(): HandoffSettings {
  return handoffSettingsSchema.parse({});
}
