import { z } from 'zod';
import { healthBandSchema } from '../health/health-band';
import { healthComponentSchema } from '../health/health-settings';

const days = z.number().int().min(1).max(730);
const points = z.number().int().min(1).max(100);

/** A value a custom filter compares: a company property (`property`) or a measure the product computes (`kpi`). */
export const playbookKpiSchema = z.enum([
  'score',
  'seatUtilizationPercent',
  'activeUsers',
  'seats',
  'daysToRenewal',
  'latestNps',
  'daysSinceLastUsage',
]);

export const filterConditionSchema = z
  .object({
    source: z.enum(['property', 'kpi']),
    name: z.string().min(1).max(100),
    operator: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'is_empty', 'is_not_empty']),
    value: z.union([z.string().max(500), z.number()]).optional(),
  })
  .refine((condition) => condition.source === 'property' || playbookKpiSchema.safeParse(condition.name).success, {
    error: `a KPI filter names one of ${playbookKpiSchema.options.join(', ')}`,
    path: ['name'],
  });

export const playbookTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entered_red') }),
  z.object({ kind: z.literal('score_drop'), points, withinDays: days.default(30) }),
  z.object({ kind: z.literal('component_below'), component: healthComponentSchema, below: points }),
  z.object({ kind: z.literal('milestone_overdue'), minDaysOverdue: z.number().int().min(0).max(365).default(0) }),
  z.object({
    kind: z.literal('renewal_due'),
    withinDays: days,
    bands: z.array(healthBandSchema).min(1).default(['yellow', 'red']),
  }),
  z.object({ kind: z.literal('detractor_nps'), maxScore: z.number().int().min(0).max(10).default(6) }),
  z.object({
    kind: z.literal('seat_utilization_high'),
    atLeastPercent: z.number().min(1).max(1000).default(90),
    forDays: z.number().int().min(1).max(30).default(14),
  }),
  z.object({ kind: z.literal('no_usage'), days }),
  z.object({ kind: z.literal('custom'), conditions: z.array(filterConditionSchema).min(1).max(20) }),
]);

export const playbookAudienceSchema = z
  .object({
    /** Segment by industry (HubSpot's `industry`). */
    industries: z.array(z.string().min(1)).optional(),
    tiers: z.array(z.string().min(1)).optional(),
    touchModels: z.array(z.enum(['high_touch', 'low_touch', 'tech_touch'])).optional(),
    ownerIds: z.array(z.string().min(1)).optional(),
  })
  .default({});

const template = z.string().min(1).max(5_000);

// The company's CSM is the one assigned at hand-off, else its owner: the hand-off keeps the sales owner by default.
export const taskOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company_csm') }),
  z.object({ kind: z.literal('company_owner') }),
  z.object({ kind: z.literal('named'), ownerId: z.string().regex(/^\d+$/, 'a HubSpot owner id (digits)') }),
]);

export const playbookStepSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('task'),
    subject: z.string().min(1).max(250),
    body: template,
    owner: taskOwnerSchema.default({ kind: 'company_csm' }),
    dueInDays: z.number().int().min(0).max(365).default(3),
    priority: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('MEDIUM'),
  }),
  z.object({ kind: z.literal('note'), body: template }),
  z.object({
    kind: z.literal('company_property'),
    property: z
      .string()
      .regex(/^[a-z0-9_]+$/, 'a HubSpot property name')
      .max(100),
    value: z.string().max(500),
  }),
  z.object({
    kind: z.literal('webhook'),
    url: z.url().refine((url) => /^https?:\/\//.test(url), 'an http(s) URL'),
  }),
]);

export const playbookDefinitionSchema = z.object({
  name: z.string().min(1).max(120),
  enabled: z.boolean().default(true),
  trigger: playbookTriggerSchema,
  audience: playbookAudienceSchema,
  steps: z.array(playbookStepSchema).min(1).max(10),
  /** Percent of runs recorded without steps, to compare outcomes against. */
  holdoutPercent: z.number().min(0).max(50).default(10),
  /** An open run closes this many days after it opened, whatever its tasks. */
  expiresAfterDays: z.number().int().min(1).max(365).default(45),
  /** Days after a run closed (other than by its trigger clearing) before the company can enter the playbook again. */
  cooldownDays: z.number().int().min(0).max(365).default(30),
});

/**
 * What the API accepts: the definition with a name that is not blank, stored trimmed. Stored definitions are read
 * with `playbookDefinitionSchema`, so one saved before this rule still loads rather than being left out.
 */
export const playbookDefinitionInputSchema = playbookDefinitionSchema.extend({
  name: z.string().trim().min(1).max(120),
});

export type PlaybookTrigger = z.infer<typeof playbookTriggerSchema>;
export type PlaybookAudience = z.infer<typeof playbookAudienceSchema>;
/** Who looks after a run's company: its HubSpot owner and its CSM (assigned at hand-off, else that owner). */
export interface CompanyOwners {
  readonly ownerId: string | null;
  readonly csmId: string | null;
}

/** The HubSpot owner of a task a step creates. */
export function taskOwnerOf(owner: z.infer<typeof taskOwnerSchema>, company: CompanyOwners): string | null {
  if (owner.kind === 'named') return owner.ownerId;
  return owner.kind === 'company_owner' ? company.ownerId : company.csmId;
}

export type PlaybookStep = z.infer<typeof playbookStepSchema>;
export type PlaybookDefinition = z.infer<typeof playbookDefinitionSchema>;
export type PlaybookDefinitionInput = z.input<typeof playbookDefinitionSchema>;
export type FilterCondition = z.infer<typeof filterConditionSchema>;
export type PlaybookKpi = z.infer<typeof playbookKpiSchema>;
