import { z } from 'zod';

export const objectTypeSchema = z.enum(['companies', 'deals', 'tasks', 'notes', 'feedback_submissions']);
export type ObjectType = z.infer<typeof objectTypeSchema>;

interface ObjectTypeInfo {
  readonly objectTypeId: string;
  readonly singular: string;
  /** The upper-case name HubSpot puts in its error messages (`Could not get some COMPANY objects`). */
  readonly errorName: string;
}

export const objectTypeInfo: Record<ObjectType, ObjectTypeInfo> = {
  companies: { objectTypeId: '0-2', singular: 'company', errorName: 'COMPANY' },
  deals: { objectTypeId: '0-3', singular: 'deal', errorName: 'DEAL' },
  tasks: { objectTypeId: '0-27', singular: 'task', errorName: 'TASK' },
  notes: { objectTypeId: '0-46', singular: 'note', errorName: 'NOTE' },
  feedback_submissions: { objectTypeId: '0-19', singular: 'feedback_submission', errorName: 'FEEDBACK_SUBMISSION' },
};

// HubSpot's survey responses can be read but never created, changed or archived through the API.
export const readOnlyObjectTypes: ReadonlySet<ObjectType> = new Set(['feedback_submissions']);

// HubSpot accepts the plural name, the singular name and the object type id in every path.
const aliases = new Map<string, ObjectType>(
  objectTypeSchema.options.flatMap((type) => {
    const info = objectTypeInfo[type];
    return [
      [type, type],
      [info.singular, type],
      [info.objectTypeId, type],
    ] as const;
  }),
);

export function resolveObjectType(name: string): ObjectType | undefined {
  return aliases.get(name.toLowerCase());
}

/** Properties HubSpot returns on every record whatever was asked for. */
export function alwaysReturnedProperties(type: ObjectType): readonly string[] {
  return type === 'companies' || type === 'deals'
    ? ['createdate', 'hs_lastmodifieddate', 'hs_object_id']
    : ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];
}

/** What HubSpot returns when a request names no properties at all. */
export const defaultReturnedProperties: Record<ObjectType, readonly string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  feedback_submissions: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** The property holding the record's creation instant. */
export function createDateProperty(type: ObjectType): string {
  return type === 'companies' || type === 'deals' ? 'createdate' : 'hs_createdate';
}
