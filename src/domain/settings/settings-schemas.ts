import type { z } from 'zod';
import { catalogSettingsSchema } from '../catalog/catalog-settings';
import { currencySettingsSchema } from '../contracts/currency-settings';
import { digestSettingsSchema } from '../digests/digest-settings';
import { healthSettingsSchema } from '../health/health-settings';
import { kpiSettingsSchema } from '../kpi/kpi-settings';
import { lifecycleSettingsSchema } from '../lifecycle/lifecycle-settings';
import { maturitySettingsSchema } from '../maturity/maturity-settings';
import { riskSettingsSchema } from '../risk/risk-settings';
import type { SettingsKind } from './settings-kind';

/** The portal's time zone comes from HubSpot with the portal, so it is no KPI setting a team sets. */
export const portalKpiSettingsSchema = kpiSettingsSchema.omit({ timeZone: true });

/** Each kind's schema: what a portal stores is validated by it, and what it did not set takes its defaults. */
export const settingsSchemas = {
  kpi: portalKpiSettingsSchema,
  health: healthSettingsSchema,
  lifecycle: lifecycleSettingsSchema,
  catalog: catalogSettingsSchema,
  risk: riskSettingsSchema,
  currency: currencySettingsSchema,
  digests: digestSettingsSchema,
  maturity: maturitySettingsSchema,
} as const satisfies Record<SettingsKind, z.ZodType>;

export type SettingsOf<Kind extends SettingsKind> = z.infer<(typeof settingsSchemas)[Kind]>;

export type PortalSettings = { readonly [Kind in SettingsKind]: SettingsOf<Kind> };
