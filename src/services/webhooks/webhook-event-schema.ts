import { z } from 'zod';
import { inputLimits, instantWindowProblem } from '../../domain/usage/input-limits';

// HubSpot sends ids as JSON numbers; strings of digits are accepted too (and kept as text, past 2^53 safe, to 2^64).
const idSchema = z
  .union([z.number().int().nonnegative(), z.string().regex(/^[0-9]{1,20}$/, 'expected an id of 1 to 20 digits')])
  .transform(String);
const objectTypeIdSchema = z.string().regex(/^[0-9]{1,10}-[0-9]{1,20}$/, 'expected an object type id such as 0-3');
const name = z.string().max(inputLimits.identifierCharacters);
// HubSpot's longest property values (multi-line text) hold 65,536 characters.
const propertyValueCharacters = 65_536;

export const webhookEventKinds = [
  'creation',
  'deletion',
  'propertyChange',
  'merge',
  'restore',
  'associationChange',
] as const;
export type WebhookEventKind = (typeof webhookEventKinds)[number];

// The object types of HubSpot's legacy `company.creation`-style subscription types.
const legacyObjectTypeIds: Record<string, string> = {
  contact: '0-1',
  company: '0-2',
  deal: '0-3',
  ticket: '0-5',
  product: '0-7',
  line_item: '0-8',
};

const subscriptionTypeSchema = z
  .string()
  .max(128)
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
    occurredAt: z
      .number()
      .int()
      .min(inputLimits.earliestInstant)
      .meta({
        description: `Epoch milliseconds, on or after 2000-01-01 and at most ${inputLimits.futureToleranceHours} hours ahead`,
      }),
    subscriptionType: subscriptionTypeSchema,
    attemptNumber: z.number().int().nonnegative().max(1_000).default(0),
    objectTypeId: objectTypeIdSchema.optional(),
    objectId: idSchema.optional(),
    changeSource: name.optional(),
    propertyName: name.optional(),
    propertyValue: z.string().max(propertyValueCharacters).nullish(),
    primaryObjectId: idSchema.optional(),
    mergedObjectIds: z.array(idSchema).max(1_000).optional(),
    newObjectId: idSchema.optional(),
    fromObjectId: idSchema.optional(),
    toObjectId: idSchema.optional(),
    fromObjectTypeId: objectTypeIdSchema.optional(),
    toObjectTypeId: objectTypeIdSchema.optional(),
    associationType: name.optional(),
    associationRemoved: z.boolean().optional(),
  })
  .loose()
  .superRefine((event, context) => {
    const outside = instantWindowProblem(event.occurredAt, Date.now());
    if (outside !== null) context.addIssue({ code: 'custom', path: ['occurredAt'], message: outside });
    const { prefix, kind } = event.subscriptionType;
    if (prefix !== 'object' && legacyObjectTypeIds[prefix] === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['subscriptionType'],
        message: `unsupported object in ${event.subscriptionType.value}`,
      });
    }
    const requireField = (field: keyof typeof event, when: boolean) => {
      if (when && event[field] === undefined)
        context.addIssue({ code: 'custom', path: [field], message: `required for ${event.subscriptionType.value}` });
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

export const webhookBatchLimit = 1000;

/** A request body: HubSpot posts a JSON array of up to 100 events (an empty one is a delivery test); each is validated alone. */
export const webhookBatchSchema = z
  .array(z.unknown(), 'expected a JSON array of webhook events')
  .max(webhookBatchLimit, `a webhook batch holds at most ${webhookBatchLimit} events`);
