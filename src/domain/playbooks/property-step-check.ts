/** What a property step needs to know of a HubSpot company property to tell whether HubSpot will take its value. */
export interface CompanyPropertyFacts {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly fieldType: string;
  /** Option values of an enumeration (hidden ones included: HubSpot takes them). */
  readonly options: readonly string[];
  /** Read-only in HubSpot: set by HubSpot itself or calculated. */
  readonly readOnly: boolean;
  /** Options that live elsewhere (owners, pipelines): checked by HubSpot, not here. */
  readonly externalOptions: boolean;
}

const placeholder = /\{\{\s*[a-zA-Z0-9_.:]+\s*\}\}/;
const decimal = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const dayMs = 86_400_000;

function validCalendarDate(text: string): boolean {
  return isoDate.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function optionsInWords(options: readonly string[]): string {
  const shown = options.slice(0, 12).join(', ');
  return options.length > 12 ? `${shown}, … (${options.length} in all)` : shown;
}

function enumerationProblem(property: CompanyPropertyFacts, value: string): string | null {
  if (property.externalOptions || property.options.length === 0) return null;
  const multiple = property.fieldType === 'checkbox';
  const chosen = multiple ? value.split(';') : [value];
  const unknown = chosen.find((option) => !property.options.includes(option));
  if (unknown === undefined) return null;
  const rule = multiple ? 'one or more of its options joined by ";"' : 'one of its options';
  return `"${unknown}" is not an option of ${property.label}: write ${rule} (${optionsInWords(property.options)})`;
}

/** The rules HubSpot applies to a value by the property's type (a date only at midnight UTC, a plain decimal, …). */
function typedValueProblem(property: CompanyPropertyFacts, value: string): string | null {
  switch (property.type) {
    case 'number':
      return decimal.test(value) && Number.isFinite(Number(value))
        ? null
        : `${property.label} is a number: write a plain number such as 12 or 3.5`;
    case 'date':
      return validCalendarDate(value) || (/^\d+$/.test(value) && Number(value) % dayMs === 0)
        ? null
        : `${property.label} is a date: write it as YYYY-MM-DD`;
    case 'datetime':
      return /^\d+$/.test(value) || (isoInstant.test(value) && !Number.isNaN(Date.parse(value)))
        ? null
        : `${property.label} is a date and time: write it as 2026-03-02T14:30:00Z`;
    case 'bool':
      return value === 'true' || value === 'false' ? null : `${property.label} is yes or no: write true or false`;
    case 'enumeration':
      return enumerationProblem(property, value);
    default:
      return null;
  }
}

/**
 * Why HubSpot would refuse a playbook's property step, in words for whoever edits the playbook; null when it would
 * take it. A value holding a placeholder is filled per run, so only its property is checked here.
 */
export function propertyStepProblem(
  property: CompanyPropertyFacts | undefined,
  name: string,
  value: string,
): { readonly field: 'property' | 'value'; readonly message: string } | null {
  if (property === undefined)
    return { field: 'property', message: `This portal has no company property named "${name}"` };
  if (property.readOnly)
    return { field: 'property', message: `${property.label} is read-only in HubSpot: no app can set it` };
  // An empty value clears the property, whatever its type.
  if (value === '' || placeholder.test(value)) return null;
  const problem = typedValueProblem(property, value);
  return problem === null ? null : { field: 'value', message: problem };
}
