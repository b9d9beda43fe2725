import { hubSpotIndustries } from './hubspot-industries';
import type { ObjectType } from './object-types';
import type { PropertyDefinition, PropertyGroup, PropertyOption } from './property-schemas';

// HubSpot dates its built-in definitions at the epoch.
const builtInInstant = '1970-01-01T00:00:00Z';

interface BuiltInSpec {
  readonly label: string;
  readonly type: PropertyDefinition['type'];
  readonly fieldType: PropertyDefinition['fieldType'];
  readonly options?: readonly string[] | readonly (readonly [string, string])[];
  readonly readOnly?: boolean;
  readonly unique?: boolean;
  readonly owner?: boolean;
}

function options(values: BuiltInSpec['options']): PropertyOption[] {
  return (values ?? []).map((entry, index) => {
    const [value, label] = typeof entry === 'string' ? [entry, entry] : entry;
    return { value, label, displayOrder: index, hidden: false };
  });
}

function builtIn(name: string, groupName: string, spec: BuiltInSpec): PropertyDefinition {
  return {
    name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    groupName,
    description: '',
    options: options(spec.options),
    displayOrder: -1,
    hasUniqueValue: spec.unique ?? false,
    hidden: false,
    formField: !spec.readOnly,
    externalOptions: spec.owner ?? false,
    ...(spec.owner ? { referencedObjectType: 'OWNER' } : {}),
    calculated: false,
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: spec.readOnly ?? false },
    createdAt: builtInInstant,
    updatedAt: builtInInstant,
    archived: false,
  };
}

const owner: BuiltInSpec = { label: 'Owner', type: 'enumeration', fieldType: 'select', owner: true };
const objectId: BuiltInSpec = { label: 'Record ID', type: 'number', fieldType: 'number', readOnly: true, unique: true };
const lastModified: BuiltInSpec = { label: 'Last Modified Date', type: 'datetime', fieldType: 'date', readOnly: true };
const createDate: BuiltInSpec = { label: 'Create Date', type: 'datetime', fieldType: 'date' };

const lifecycleStages = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
] as const;

const companyProperties: Record<string, BuiltInSpec> = {
  name: { label: 'Company name', type: 'string', fieldType: 'text' },
  domain: { label: 'Company Domain Name', type: 'string', fieldType: 'text' },
  website: { label: 'Website URL', type: 'string', fieldType: 'text' },
  industry: { label: 'Industry', type: 'enumeration', fieldType: 'select', options: hubSpotIndustries },
  lifecyclestage: { label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', options: lifecycleStages },
  type: {
    label: 'Type',
    type: 'enumeration',
    fieldType: 'select',
    options: ['PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER'],
  },
  description: { label: 'Description', type: 'string', fieldType: 'textarea' },
  phone: { label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
  city: { label: 'City', type: 'string', fieldType: 'text' },
  country: { label: 'Country/Region', type: 'string', fieldType: 'text' },
  numberofemployees: { label: 'Number of Employees', type: 'number', fieldType: 'number' },
  annualrevenue: { label: 'Annual Revenue', type: 'number', fieldType: 'number' },
  hubspot_owner_id: { ...owner, label: 'Company owner' },
  // HubSpot keeps it from the parent-to-child company association; a fixture sets it directly.
  hs_parent_company_id: { label: 'Parent Company', type: 'number', fieldType: 'number', readOnly: true },
  hs_merged_object_ids: { label: 'Merged Company IDs', type: 'enumeration', fieldType: 'checkbox', readOnly: true },
  createdate: createDate,
  hs_lastmodifieddate: lastModified,
  hs_object_id: objectId,
};

const dealProperties: Record<string, BuiltInSpec> = {
  dealname: { label: 'Deal Name', type: 'string', fieldType: 'text' },
  amount: { label: 'Amount', type: 'number', fieldType: 'number' },
  closedate: { label: 'Close Date', type: 'datetime', fieldType: 'date' },
  dealstage: { label: 'Deal Stage', type: 'enumeration', fieldType: 'radio' },
  pipeline: { label: 'Pipeline', type: 'enumeration', fieldType: 'select' },
  dealtype: {
    label: 'Deal Type',
    type: 'enumeration',
    fieldType: 'radio',
    options: [
      ['newbusiness', 'New Business'],
      ['existingbusiness', 'Existing Business'],
    ],
  },
  description: { label: 'Deal Description', type: 'string', fieldType: 'textarea' },
  deal_currency_code: { label: 'Currency', type: 'enumeration', fieldType: 'select' },
  hs_mrr: { label: 'Monthly recurring revenue', type: 'number', fieldType: 'number' },
  hs_arr: { label: 'Annual recurring revenue', type: 'number', fieldType: 'number' },
  hs_acv: { label: 'Annual contract value', type: 'number', fieldType: 'number' },
  hs_tcv: { label: 'Total contract value', type: 'number', fieldType: 'number' },
  hubspot_owner_id: { ...owner, label: 'Deal owner' },
  hs_merged_object_ids: { label: 'Merged Deal IDs', type: 'enumeration', fieldType: 'checkbox', readOnly: true },
  createdate: createDate,
  hs_lastmodifieddate: lastModified,
  hs_object_id: objectId,
};

const engagementProperties: Record<string, BuiltInSpec> = {
  hs_timestamp: { label: 'Activity date', type: 'datetime', fieldType: 'date' },
  hubspot_owner_id: { ...owner, label: 'Activity assigned to' },
  hs_createdate: createDate,
  hs_lastmodifieddate: lastModified,
  hs_object_id: objectId,
};

const taskProperties: Record<string, BuiltInSpec> = {
  hs_task_subject: { label: 'Task Title', type: 'string', fieldType: 'text' },
  hs_task_body: { label: 'Notes', type: 'string', fieldType: 'html' },
  hs_task_status: {
    label: 'Task Status',
    type: 'enumeration',
    fieldType: 'select',
    options: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
  },
  hs_task_priority: {
    label: 'Priority',
    type: 'enumeration',
    fieldType: 'select',
    options: ['NONE', 'LOW', 'MEDIUM', 'HIGH'],
  },
  hs_task_type: {
    label: 'Task Type',
    type: 'enumeration',
    fieldType: 'select',
    options: ['TODO', 'CALL', 'EMAIL', 'LINKED_IN', 'MEETING'],
  },
  hs_task_completion_date: { label: 'Completed at', type: 'datetime', fieldType: 'date', readOnly: true },
  ...engagementProperties,
};

const noteProperties: Record<string, BuiltInSpec> = {
  hs_note_body: { label: 'Note body', type: 'string', fieldType: 'html' },
  hs_attachment_ids: { label: 'Attached file IDs', type: 'enumeration', fieldType: 'checkbox' },
  ...engagementProperties,
};

// The survey response properties the feedback sync reads, named as in HubSpot's survey responses guide.
const feedbackSubmissionProperties: Record<string, BuiltInSpec> = {
  hs_survey_type: {
    label: 'Survey type',
    type: 'enumeration',
    fieldType: 'select',
    options: ['NPS', 'CSAT', 'CES', 'CUSTOM'],
    readOnly: true,
  },
  hs_response_value: { label: 'Response value', type: 'string', fieldType: 'text', readOnly: true },
  hs_value: { label: 'Value', type: 'number', fieldType: 'number', readOnly: true },
  hs_content: { label: 'Response', type: 'string', fieldType: 'textarea', readOnly: true },
  hs_sentiment: {
    label: 'Sentiment',
    type: 'enumeration',
    fieldType: 'select',
    options: ['PROMOTER', 'PASSIVE', 'DETRACTOR'],
    readOnly: true,
  },
  hs_submission_timestamp: { label: 'Submitted at', type: 'datetime', fieldType: 'date', readOnly: true },
  hs_contact_id: { label: 'Contact ID', type: 'string', fieldType: 'text', readOnly: true },
  hs_createdate: createDate,
  hs_lastmodifieddate: lastModified,
  hs_object_id: objectId,
};

const builtIns: Record<ObjectType, { group: PropertyGroup; specs: Record<string, BuiltInSpec> }> = {
  companies: {
    group: { name: 'companyinformation', label: 'Company information', displayOrder: 0, archived: false },
    specs: companyProperties,
  },
  deals: {
    group: { name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false },
    specs: dealProperties,
  },
  tasks: {
    group: { name: 'task', label: 'Task information', displayOrder: 0, archived: false },
    specs: taskProperties,
  },
  notes: {
    group: { name: 'engagement', label: 'Activity information', displayOrder: 0, archived: false },
    specs: noteProperties,
  },
  feedback_submissions: {
    group: {
      name: 'feedbacksubmissioninformation',
      label: 'Survey response information',
      displayOrder: 0,
      archived: false,
    },
    specs: feedbackSubmissionProperties,
  },
};

export function defaultPropertyGroups(type: ObjectType): PropertyGroup[] {
  return [{ ...builtIns[type].group }];
}

export function defaultProperties(type: ObjectType): PropertyDefinition[] {
  const { group, specs } = builtIns[type];
  return Object.entries(specs).map(([name, spec]) => builtIn(name, group.name, spec));
}
