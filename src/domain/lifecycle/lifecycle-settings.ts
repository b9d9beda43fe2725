import { z } from 'zod';

export const milestoneKeySchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case');

export const milestoneDefinitionSchema = z.object({
  key: milestoneKeySchema,
  label: z.string().min(1),
  dueOffsetDays: z.number().int().nonnegative(),
  required: z.boolean().default(true),
  // Lets usage data complete a milestone without a CSM ticking it off.
  completesWhenActiveUsersReach: z.number().int().positive().optional(),
});

export type MilestoneDefinition = z.infer<typeof milestoneDefinitionSchema>;

function defaultMilestones(): MilestoneDefinition[] {
  return [
    { key: 'kickoff_held', label: 'Kickoff held', dueOffsetDays: 7, required: true },
    { key: 'admin_configured', label: 'Admin configured', dueOffsetDays: 14, required: true },
    { key: 'data_connected', label: 'Data imported or integrated', dueOffsetDays: 30, required: true },
    {
      key: 'first_users_active',
      label: 'First 3 users active',
      dueOffsetDays: 45,
      required: true,
      completesWhenActiveUsersReach: 3,
    },
    { key: 'first_value_confirmed', label: 'First value confirmed by the customer', dueOffsetDays: 60, required: true },
  ];
}

const adoptionSettingsSchema = z.object({
  minSeatUtilizationPercent: z.number().min(0).default(50),
  minCoreFeaturesUsed: z.number().int().nonnegative().default(3),
  windowDays: z.number().int().positive().default(30),
});

const touchModelSettingsSchema = z
  .object({
    highTouchMinMrrCents: z.number().int().nonnegative().default(500_000),
    lowTouchMinMrrCents: z.number().int().nonnegative().default(100_000),
  })
  .refine((tiers) => tiers.highTouchMinMrrCents >= tiers.lowTouchMinMrrCents, {
    error: 'highTouchMinMrrCents must be at least lowTouchMinMrrCents',
  });

export const lifecycleSettingsSchema = z.object({
  milestones: z
    .array(milestoneDefinitionSchema)
    .default(defaultMilestones)
    .refine((milestones) => new Set(milestones.map((milestone) => milestone.key)).size === milestones.length, {
      error: 'milestone keys must be unique',
    }),
  adoption: adoptionSettingsSchema.prefault({}),
  establishedAfterDays: z.number().int().positive().default(90),
  touchModel: touchModelSettingsSchema.prefault({}),
});

export type LifecycleSettings = z.infer<typeof lifecycleSettingsSchema>;
