import { z } from 'zod';

// HubSpot sends ids as JSON numbers; strings of digits are accepted too (and kept as text, past 2^53 safe).
const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]+$/, 'expected an id of digits')]).transform(String);
const objectTypeIdSchema = z.string().regex(/^[0-9]+-[0-9]+$/, 'expected an object type id such as 0-3');

export const webhookEventKinds = ['creation', 'deletion', 'propertyChange', 'merge', 'restore', 'associationChange'] as const;
export type WebhookEventKind = (typeof webhookEventKinds)[number];

// The object types of HubSpot's legacy `company.creation`-style subscription types.
const legacyObjectTypeIds: Record<string, string> = { contact: '0-1', company: '0-2', deal: '0-3', ticket: '0-5', product: '0-7', line_item: '0-8' };

const subscriptionTypeSchema = z
  .string()
  .regex(/^[a-z_]+\.[A-Za-z]+$/, 'expected a subscription type such as object.propertyChange')
  .transform((value) => {
    const [prefix = '', kind = ''] = value.split('.');
    return { value, prefix, kind };
  });

/** One event of a HubSpot webhook batch (webhooks v3, generic `object.*` and legacy `company.*`/`deal.*` types). */
export const webhookEventSchema = z
  .object({
    eventId: idSchema,
    subscriptionId: idSchema,
    portalId: z.number().int().positive(),
    appId: idSchema,
    occurredAt: z.number().int().nonnegative(),
    subscriptionType: subscriptionTypeSchema,
    attemptNumber: z.number().int().nonnegative().default(0),
    objectTypeId: objectTypeIdSchema.optional(),
    objectId: idSchema.optional(),
    changeSource: z.string().optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().nullish(),
    primaryObjectId: idSchema.optional(),
    mergedObjectIds: z.array(idSchema).optional(),
    newObjectId: idSchema.optional(),
    fromObjectId: idSchema.optional(),
    toObjectId: idSchema.optional(),
    fromObjectTypeId: objectTypeIdSchema.optional(),
    toObjectTypeId: objectTypeIdSchema.optional(),
    associationType: z.string().optional(),
    associationRemoved: z.boolean().optional(),
  })
  .passthrough()
  .superRefine((event, context) => {
    const { prefix, kind } = event.subscriptionType;
    if (prefix !== 'object' && legacyObjectTypeIds[prefix] === undefined) {
      context.addIssue({ code: 'custom', path: ['subscriptionType'], message: `unsupported object in ${event.subscriptionType.value}` });
    }
    const requireField = (field: keyof typeof event, when: boolean) => {
      if (when && event[field] === undefined) context.addIssue({ code: 'custom', path: [field], message: `required for ${event.subscriptionType.value}` });
    };
    const known = (webhookEventKinds as readonly string[]).includes(kind);
    requireField('objectTypeId', prefix === 'object' && known && kind !== 'associationChange');
    requireField('objectId', known && kind !== 'associationChange');
    requireField('propertyName', kind === 'propertyChange');
    requireField('fromObjectId', kind === 'associationChange');
    requireField('toObjectId', kind === 'associationChange');
  })
  .transform((event) => {
    const { prefix, kind, value } = event.subscriptionType;
    return {
      ...event,
      subscriptionType: value,
      kind: (webhookEventKinds as readonly string[]).includes(kind) ? (kind as WebhookEventKind) : undefined,
      objectTypeId: event.objectTypeId ?? legacyObjectTypeIds[prefix],
    };
  });

export type WebhookEvent = z.output<typeof webhookEventSchema>;

/** A request body: HubSpot posts a JSON array of up to 100 events (an empty one is a delivery test); each is validated alone. */
export const webhookBatchSchema = z.array(z.unknown(), 'expected a JSON array of webhook events').max(1000, 'a webhook batch holds at most 1000 events');
