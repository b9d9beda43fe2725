// Shared by the product's SQL path (src/services/kpi) and the reference (period-kpis.ts): the KPI conventions.
import { z } from 'zod';
import { dealPipelineKindsSchema, dealTypeKindsSchema } from '../contracts/deal-types';
import { renewalRuleSchema } from '../contracts/renewal-recognition';
import { timeZoneSchema } from '../time/time-zone';

/** Every convention of domain §2-§3 as a setting, with the documented default. */
export const kpiSettingsSchema = z.object({
  /** The portal's time zone: periods are its calendar days. */
  timeZone: timeZoneSchema.default('UTC'),
  /**
   * The day S (and start MRR) is measured on (domain §2). 'previous-day': the previous period's last day
   * (seed 002: customers at the end of last month), so each period's S and start MRR are the previous
   * period's E and end MRR. 'first-day': the period's first day, so a contract ending (exclusively) or
   * starting on the 1st changes neither month.
   */
  periodStartBoundary: z.enum(['first-day', 'previous-day']).default('previous-day'),
  /**
   * What one customer is (domain §1, account hierarchies). 'each-company': every HubSpot company. 'group': a
   * top-level parent (`hs_parent_company_id`, followed up through every level) and every company below it count
   * as one customer, whose MRR is the sum of theirs; a cut then takes the top-level parent's owner, tier, ...
   */
  customers: z.enum(['each-company', 'group']).default('each-company'),
  /**
   * Whether renewals recorded as "Existing business" or without a term start continue the terms they renew, and
   * whether add-ons with no end of their own end with the terms they were bought into (domain §1.1 when off). Applied
   * where deals become contracts (the sync): a change derives them again.
   */
  renewals: renewalRuleSchema.prefault({}),
  /**
   * What the portal's own options of HubSpot's deal type mean (domain §1.1 reads only New and Existing business),
   * by internal value, e.g. {"renewal": "renewal"}. Applied where deals become contracts: a change derives them again.
   */
  dealTypes: dealTypeKindsSchema,
  /**
   * The kind of every deal of a pipeline (a "Renewals" pipeline whose deals carry no deal type), by the pipeline's
   * label or id, e.g. {"Renewals": "renewal"}; after `cs_deal_kind`, before the deal type. A change derives them again.
   */
  dealPipelines: dealPipelineKindsSchema,
  churn: z
    .object({
      /**
       * When true, a company that becomes a customer and stops being one inside the period (in neither
       * S nor E) also counts as churned; the churn rate's denominator stays abs(S), so churn and
       * retention may then sum to more than 100.
       */
      countSamePeriodSignups: z.boolean().default(false),
    })
    .prefault({}),
  sessions: z
    .object({
      /** Events of one user without a session id split where this many minutes pass with none. */
      inactivityMinutes: z.number().positive().default(30),
      /** When false, session ids are ignored and every session comes from the inactivity split. */
      useSessionId: z.boolean().default(true),
    })
    .prefault({}),
  activeUsers: z
    .object({
      /** `mau`: the users active in the period's days, or in the 30 days ending on its last day. */
      monthlyWindow: z.enum(['calendar-month', 'trailing-30-days']).default('calendar-month'),
      /** Seat utilization counts users active in this many days. */
      seatUtilizationWindowDays: z.number().int().positive().default(30),
    })
    .prefault({}),
  onboarding: z
    .object({
      /** Onboarding counts as completed on time when done within this many days of its start. */
      targetDays: z.number().int().positive().default(90),
    })
    .prefault({}),
  lifetimeValue: z
    .object({
      /** Not configured by default: the SaaS LTV then has no value rather than assuming 100%. */
      grossMarginPercent: z
        .number()
        .min(0)
        .max(100)
        .refine((percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-6, 'at most 2 decimals')
        .nullable()
        .default(null),
      /** Customer acquisition cost in minor units; subtracted when set. */
      customerAcquisitionCostMinor: z.number().int().nonnegative().nullable().default(null),
    })
    .prefault({}),
});

export type KpiSettings = z.infer<typeof kpiSettingsSchema>;
export type KpiSettingsInput = z.input<typeof kpiSettingsSchema>;

export const defaultKpiSettings: KpiSettings = kpiSettingsSchema.parse({});
