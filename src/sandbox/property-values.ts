import type { PropertyDefinition } from './property-schemas';

export interface InvalidValue {
  readonly isValid: false;
  readonly message: string;
  readonly error:
    | 'PROPERTY_DOESNT_EXIST'
    | 'INVALID_OPTION'
    | 'INVALID_OWNER_ID'
    | 'INVALID_DOUBLE'
    | 'INVALID_DATE'
    | 'READ_ONLY_VALUE';
  readonly name: string;
  readonly localizedErrorMessage: string;
}

type RawValue = string | number | boolean | null;

export function invalid(name: string, error: InvalidValue['error'], message: string): InvalidValue {
  return { isValid: false, message, error, name, localizedErrorMessage: message };
}

/** HubSpot's wording for a value outside an enumeration's options. */
export function invalidOption(name: string, value: string, allowed: readonly string[]): InvalidValue {
  return invalid(name, 'INVALID_OPTION', `${value} was not one of the allowed options: [${allowed.join(', ')}]`);
}

function asText(raw: RawValue): string {
  return raw === null ? '' : String(raw);
}

/** Epoch ms of a search filter's value: epoch ms, `YYYY-MM-DD` or an ISO-8601 instant. */
export function parseInstant(text: string): number | undefined {
  if (/^-?\d+$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
// HubSpot's number properties take a plain decimal: no spaces, thousands separators, hex or Infinity.
const decimal = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const dayMs = 86_400_000;

/** Epoch ms of a value written to a date or datetime property: epoch ms, `YYYY-MM-DD` or ISO-8601 with its offset. */
function writtenInstant(text: string): number | undefined {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (!isoDate.test(text) && !isoInstant.test(text)) return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function timeOfDay(instant: number): string {
  const date = new Date(instant);
  return `${date.getUTCHours()}:${date.getUTCMinutes()}:${date.getUTCSeconds()}.${date.getUTCMilliseconds()}`;
}

/** One value for a single select, several joined by `;` for checkboxes (HubSpot's multiple-value field). */
function chosenOptions(text: string, definition: PropertyDefinition): string[] {
  return definition.fieldType === 'checkbox' ? text.split(';') : [text];
}

function invalidTypedValue(name: string, text: string, definition: PropertyDefinition): InvalidValue | undefined {
  if (definition.type === 'number' && !(decimal.test(text) && Number.isFinite(Number(text)))) {
    return invalid(name, 'INVALID_DOUBLE', `${text} is not a valid number for property ${name}`);
  }
  if (definition.type === 'date' || definition.type === 'datetime') {
    const instant = writtenInstant(text);
    if (instant === undefined) return invalid(name, 'INVALID_DATE', `${text} is not a valid date for property ${name}`);
    // HubSpot: a date property "must be set to midnight UTC for the date you want … you will receive an error".
    if (definition.type === 'date' && instant % dayMs !== 0) {
      return invalid(name, 'INVALID_DATE', `${text} is at ${timeOfDay(instant)} UTC, not midnight!`);
    }
  }
  if (definition.type === 'bool' && text !== 'true' && text !== 'false') {
    return invalidOption(name, text, ['true', 'false']);
  }
  return undefined;
}

export function invalidValues(
  name: string,
  raw: RawValue,
  definition: PropertyDefinition | undefined,
  trusted: boolean,
): InvalidValue | undefined {
  if (!definition) return invalid(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
  if (definition.modificationMetadata.readOnlyValue && !trusted) {
    return invalid(name, 'READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`);
  }
  const text = asText(raw);
  if (text === '') return undefined;
  const typed = invalidTypedValue(name, text, definition);
  if (typed) return typed;
  // Pipelines, stages and owners have no options of their own: reference-values.ts checks them.
  if (definition.type === 'enumeration' && !definition.externalOptions && definition.options.length > 0) {
    const allowed = definition.options.map((option) => option.value);
    const bad = chosenOptions(text, definition).find((value) => !allowed.includes(value));
    if (bad !== undefined) return invalidOption(name, bad, allowed);
  }
  return undefined;
}

export function normalizeValue(raw: RawValue, definition: PropertyDefinition): string | null {
  const text = asText(raw);
  if (text === '') return null;
  if (definition.type === 'datetime') return new Date(writtenInstant(text) ?? 0).toISOString();
  if (definition.type === 'date') return new Date(writtenInstant(text) ?? 0).toISOString().slice(0, 10);
  return text;
}
