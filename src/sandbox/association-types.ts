import type { ObjectType } from './object-types';

export interface AssociationType {
  readonly typeId: number;
  readonly from: ObjectType;
  readonly to: ObjectType;
  /** HubSpot's v4 label: `Primary` for the primary-company types, null for unlabeled ones. */
  readonly label: string | null;
  /** The type name the v3 object endpoints put in inline associations. */
  readonly v3Name: string;
  readonly inverseTypeId: number;
  /** A primary type always travels with the unlabeled type of the same pair. */
  readonly unlabeledTypeId?: number;
}

// HubSpot-defined type ids, from the association type table of HubSpot's v4 associations guide.
export const associationTypes: readonly AssociationType[] = [
  {
    typeId: 5,
    from: 'deals',
    to: 'companies',
    label: 'Primary',
    v3Name: 'deal_to_company',
    inverseTypeId: 6,
    unlabeledTypeId: 341,
  },
  { typeId: 341, from: 'deals', to: 'companies', label: null, v3Name: 'deal_to_company_unlabeled', inverseTypeId: 342 },
  {
    typeId: 6,
    from: 'companies',
    to: 'deals',
    label: 'Primary',
    v3Name: 'company_to_deal',
    inverseTypeId: 5,
    unlabeledTypeId: 342,
  },
  { typeId: 342, from: 'companies', to: 'deals', label: null, v3Name: 'company_to_deal_unlabeled', inverseTypeId: 341 },
  { typeId: 192, from: 'tasks', to: 'companies', label: null, v3Name: 'task_to_company', inverseTypeId: 191 },
  { typeId: 191, from: 'companies', to: 'tasks', label: null, v3Name: 'company_to_task', inverseTypeId: 192 },
  { typeId: 190, from: 'notes', to: 'companies', label: null, v3Name: 'note_to_company', inverseTypeId: 189 },
  { typeId: 189, from: 'companies', to: 'notes', label: null, v3Name: 'company_to_note', inverseTypeId: 190 },
  { typeId: 216, from: 'tasks', to: 'deals', label: null, v3Name: 'task_to_deal', inverseTypeId: 215 },
  { typeId: 215, from: 'deals', to: 'tasks', label: null, v3Name: 'deal_to_task', inverseTypeId: 216 },
  { typeId: 214, from: 'notes', to: 'deals', label: null, v3Name: 'note_to_deal', inverseTypeId: 213 },
  { typeId: 213, from: 'deals', to: 'notes', label: null, v3Name: 'deal_to_note', inverseTypeId: 214 },
  // A company's parent: HubSpot keeps the child's `hs_parent_company_id` from these two (a company has one parent).
  {
    typeId: 13,
    from: 'companies',
    to: 'companies',
    label: 'Child Company',
    v3Name: 'parent_to_child_company',
    inverseTypeId: 14,
  },
  {
    typeId: 14,
    from: 'companies',
    to: 'companies',
    label: 'Parent Company',
    v3Name: 'child_to_parent_company',
    inverseTypeId: 13,
  },
  // Not in HubSpot's published table: sandbox ids. The feedback sync reads only the v3 inline ids, never a type id.
  {
    typeId: 90_001,
    from: 'feedback_submissions',
    to: 'companies',
    label: null,
    v3Name: 'feedback_submission_to_company',
    inverseTypeId: 90_002,
  },
  {
    typeId: 90_002,
    from: 'companies',
    to: 'feedback_submissions',
    label: null,
    v3Name: 'company_to_feedback_submission',
    inverseTypeId: 90_001,
  },
];

const byId = new Map(associationTypes.map((type) => [type.typeId, type]));

export function associationTypeById(typeId: number): AssociationType | undefined {
  return byId.get(typeId);
}

/** The type a default (unlabeled) association between the two object types gets. */
export function defaultAssociationType(from: ObjectType, to: ObjectType): AssociationType | undefined {
  return associationTypes.find((type) => type.from === from && type.to === to && type.label === null);
}

export const parentToChildTypeId = 13;
export const childToParentTypeId = 14;

export function isPrimaryType(type: AssociationType): boolean {
  return type.unlabeledTypeId !== undefined;
}
