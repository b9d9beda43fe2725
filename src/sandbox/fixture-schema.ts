import { z } from 'zod';
import { fixtureAddedOptionsSchema, fixturePropertiesSchema } from './fixture-properties';

// HubSpot returns every property value as a string (or null); fixtures keep that shape.
const propertyValues = z.record(z.string(), z.string().nullable());

const idString = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

export const fixtureOwnerSchema = z.object({
  id: idString,
  email: z.email(),
  firstName: z.string().default(''),
  lastName: z.string().default(''),
  userId: z.number().int().optional(),
  teams: z.array(z.object({ id: idString, name: z.string(), primary: z.boolean().default(false) })).optional(),
  /** A deactivated user's owner: listed only with `archived=true`. */
  archived: z.boolean().default(false),
});

export const fixtureStageSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  displayOrder: z.number().int().optional(),
  metadata: z.record(z.string(), z.string()).default({}),
});

export const fixturePipelineSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  displayOrder: z.number().int().optional(),
  stages: z.array(fixtureStageSchema).min(1),
});

export const fixtureCompanySchema = z.object({
  id: idString,
  properties: propertyValues,
  createdAt: z.iso.datetime({ offset: true }).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

export const fixtureDealSchema = z.object({
  id: idString,
  properties: propertyValues,
  companyIds: z.array(idString).default([]),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

export const fixtureUsageEventSchema = z.object({
  companyId: idString,
  userId: z.string().min(1),
  event: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  sessionId: z.string().min(1).optional(),
  durationSeconds: z.number().nonnegative().optional(),
});

export const fixtureSurveySchema = z
  .object({
    companyId: idString,
    kind: z.enum(['nps', 'csat']),
    score: z.number().int(),
    submittedAt: z.iso.datetime({ offset: true }),
    contactId: idString.optional(),
  })
  .superRefine((survey, context) => {
    const [min, max] = survey.kind === 'nps' ? [0, 10] : [1, 5];
    if (survey.score < min || survey.score > max) {
      context.addIssue({
        code: 'custom',
        path: ['score'],
        message: `${survey.kind} score must be between ${min} and ${max}`,
      });
    }
  });

export const fixtureSchema = z.object({
  portal: z.object({
    id: z.number().int().positive(),
    timeZone: z.string().default('UTC'),
    currency: z.string().length(3).default('USD'),
    name: z.string().optional(),
    /** Multi-currency: the portal's other currencies, each with its rates into the company currency over time. */
    additionalCurrencies: z
      .array(
        z.object({
          code: z.string().regex(/^[A-Z]{3}$/),
          exchangeRates: z
            .array(z.object({ effectiveAt: z.iso.datetime({ offset: true }), conversionRate: z.number().positive() }))
            .min(1),
        }),
      )
      .default([]),
  }),
  /** The portal's custom properties; HubSpot's own are always there. */
  properties: fixturePropertiesSchema,
  /** Options the portal added to HubSpot's own enumeration properties (a "Renewal" deal type). */
  addedOptions: fixtureAddedOptionsSchema,
  owners: z.array(fixtureOwnerSchema).default([]),
  pipelines: z.array(fixturePipelineSchema).default([]),
  companies: z.array(fixtureCompanySchema).default([]),
  deals: z.array(fixtureDealSchema).default([]),
  usageEvents: z.array(fixtureUsageEventSchema).default([]),
  surveys: z.array(fixtureSurveySchema).default([]),
});

export type Fixture = z.infer<typeof fixtureSchema>;
export type FixtureInput = z.input<typeof fixtureSchema>;
export type FixtureOwner = z.infer<typeof fixtureOwnerSchema>;
export type FixturePipeline = z.infer<typeof fixturePipelineSchema>;
export type FixtureCompany = z.infer<typeof fixtureCompanySchema>;
export type FixtureDeal = z.infer<typeof fixtureDealSchema>;
export type FixtureUsageEvent = z.infer<typeof fixtureUsageEventSchema>;
export type FixtureSurvey = z.infer<typeof fixtureSurveySchema>;

/** HubSpot's default sales pipeline; every portal has it, so the sandbox always does. */
export const defaultSalesPipeline: FixturePipeline = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    {
      id: 'appointmentscheduled',
      label: 'Appointment Scheduled',
      displayOrder: 0,
      metadata: { isClosed: 'false', probability: '0.2' },
    },
    {
      id: 'qualifiedtobuy',
      label: 'Qualified To Buy',
      displayOrder: 1,
      metadata: { isClosed: 'false', probability: '0.4' },
    },
    {
      id: 'presentationscheduled',
      label: 'Presentation Scheduled',
      displayOrder: 2,
      metadata: { isClosed: 'false', probability: '0.6' },
    },
    {
      id: 'decisionmakerboughtin',
      label: 'Decision Maker Bought-In',
      displayOrder: 3,
      metadata: { isClosed: 'false', probability: '0.8' },
    },
    {
      id: 'contractsent',
      label: 'Contract Sent',
      displayOrder: 4,
      metadata: { isClosed: 'false', probability: '0.9' },
    },
    { id: 'closedwon', label: 'Closed Won', displayOrder: 5, metadata: { isClosed: 'true', probability: '1.0' } },
    { id: 'closedlost', label: 'Closed Lost', displayOrder: 6, metadata: { isClosed: 'true', probability: '0.0' } },
  ],
};
