import { z } from 'zod';

export const featureKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'dotted lower-case feature key');
export const catalogIdSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case id');

export const planSchema = z.object({
  id: catalogIdSchema,
  name: z.string().min(1),
  pricePerSeatCents: z.number().int().nonnegative(),
  limits: z.object({ seats: z.number().int().positive().nullable() }),
  features: z.array(featureKeySchema).min(1),
});

export const productSchema = z.object({
  id: catalogIdSchema,
  name: z.string().min(1),
  // Listed from the entry plan up: a later plan is a higher plan.
  plans: z.array(planSchema).min(1),
  relatedProductIds: z.array(catalogIdSchema).default(() => []),
});

export type FeatureKey = z.infer<typeof featureKeySchema>;
export type Plan = z.infer<typeof planSchema>;
export type Product = z.infer<typeof productSchema>;

const coreFeatures = {
  starter: ['dashboard.view', 'report.create', 'export.csv'],
  professional: ['dashboard.view', 'report.create', 'export.csv', 'integration.sync', 'report.schedule'],
  enterprise: ['dashboard.view', 'report.create', 'export.csv', 'integration.sync', 'report.schedule', 'audit.log'],
};

/** Demo catalog: a core product in three plans and two add-on products sold per seat. */
export function demoCatalogProducts(): Product[] {
  return [
    {
      id: 'core',
      name: 'Core platform',
      plans: [
        {
          id: 'starter',
          name: 'Starter',
          pricePerSeatCents: 2_500,
          limits: { seats: 10 },
          features: coreFeatures.starter,
        },
        {
          id: 'professional',
          name: 'Professional',
          pricePerSeatCents: 4_500,
          limits: { seats: 100 },
          features: coreFeatures.professional,
        },
        {
          id: 'enterprise',
          name: 'Enterprise',
          pricePerSeatCents: 7_000,
          limits: { seats: null },
          features: coreFeatures.enterprise,
        },
      ],
      relatedProductIds: ['analytics', 'automation'],
    },
    {
      id: 'analytics',
      name: 'Analytics',
      plans: [
        {
          id: 'standard',
          name: 'Analytics Standard',
          pricePerSeatCents: 1_500,
          limits: { seats: null },
          features: ['analytics.query'],
        },
        {
          id: 'advanced',
          name: 'Analytics Advanced',
          pricePerSeatCents: 2_500,
          limits: { seats: null },
          features: ['analytics.query', 'analytics.forecast'],
        },
      ],
      relatedProductIds: ['automation'],
    },
    {
      id: 'automation',
      name: 'Automation',
      plans: [
        {
          id: 'standard',
          name: 'Automation Standard',
          pricePerSeatCents: 2_000,
          limits: { seats: null },
          features: ['automation.run'],
        },
        {
          id: 'advanced',
          name: 'Automation Advanced',
          pricePerSeatCents: 3_000,
          limits: { seats: null },
          features: ['automation.run', 'automation.schedule'],
        },
      ],
      relatedProductIds: ['analytics'],
    },
  ];
}

/** The demo catalog's features as a CSM reads them. */
export function demoFeatureNames(): Record<FeatureKey, string> {
  return {
    'dashboard.view': 'Dashboards',
    'report.create': 'Report builder',
    'export.csv': 'CSV export',
    'integration.sync': 'Integrations',
    'report.schedule': 'Scheduled reports',
    'audit.log': 'Audit log',
    'analytics.query': 'Analytics queries',
    'analytics.forecast': 'Forecasting',
    'automation.run': 'Automations',
    'automation.schedule': 'Scheduled automations',
  };
}

export const catalogSettingsSchema = z
  .object({
    products: z.array(productSchema).min(1).default(demoCatalogProducts),
    coreProductId: catalogIdSchema.default('core'),
    /** Display names of feature keys (usage event names); a key without one is shown in words. */
    featureNames: z.record(featureKeySchema, z.string().trim().min(1)).default(demoFeatureNames),
  })
  .superRefine((catalog, context) => {
    const productIds = new Set(catalog.products.map((product) => product.id));
    if (productIds.size !== catalog.products.length)
      context.addIssue({ code: 'custom', message: 'product ids must be unique', path: ['products'] });
    if (!productIds.has(catalog.coreProductId))
      context.addIssue({ code: 'custom', message: 'coreProductId must name a product', path: ['coreProductId'] });
    catalog.products.forEach((product, index) => {
      if (new Set(product.plans.map((plan) => plan.id)).size !== product.plans.length) {
        context.addIssue({
          code: 'custom',
          message: `plan ids of ${product.id} must be unique`,
          path: ['products', index, 'plans'],
        });
      }
      for (const related of product.relatedProductIds) {
        if (!productIds.has(related) || related === product.id) {
          context.addIssue({
            code: 'custom',
            message: `unknown related product ${related}`,
            path: ['products', index, 'relatedProductIds'],
          });
        }
      }
    });
  });

export type CatalogSettings = z.infer<typeof catalogSettingsSchema>;
