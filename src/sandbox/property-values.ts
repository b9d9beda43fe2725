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

/** Epoch ms for the forms HubSpot takes for dates: epoch ms, `YYYY-MM-DD` and ISO-8601. */
export function parseInstant(text: string): number | undefined {
  if (/^-?\d+$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
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
  if (definition.type === 'number' && !Number.isFinite(Number(text))) {
    return invalid(name, 'INVALID_DOUBLE', `${text} is not a valid number for property ${name}`);
  }
  if ((definition.type === 'date' || definition.type === 'datetime') && parseInstant(text) === undefined) {
    return invalid(name, 'INVALID_DATE', `${text} is not a valid date for property ${name}`);
  }
  // Pipelines, stages and owners have no options of their own: reference-values.ts checks them.
  if (definition.type === 'enumeration' && !definition.externalOptions && definition.options.length > 0) {
    const allowed = definition.options.map((option) => option.value);
    const bad = text.split(';').find((value) => !allowed.includes(value));
    if (bad !== undefined) return invalidOption(name, bad, allowed);
  }
  return undefined;
}

export function normalizeValue(raw: RawValue, definition: PropertyDefinition): string | null {
  const text = asText(raw);
  if (text === '') return null;
  if (definition.type === 'datetime') return new Date(parseInstant(text) ?? 0).toISOString();
  if (definition.type === 'date') return new Date(parseInstant(text) ?? 0).toISOString().slice(0, 10);
  if (definition.type === 'bool') return text.toLowerCase() === 'true' ? 'true' : 'false';
  return text;
}
