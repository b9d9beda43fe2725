import type { PropertyDefinition } from './property-schemas';

export interface InvalidValue {
  readonly isValid: false;
  readonly message: string;
  readonly error: 'PROPERTY_DOESNT_EXIST' | 'INVALID_OPTION' | 'INVALID_DOUBLE' | 'INVALID_DATE' | 'READ_ONLY_VALUE';
  readonly name: string;
}

type RawValue = string | number | boolean | null;

function invalid(name: string, error: InvalidValue['error'], message: string): InvalidValue {
  return { isValid: false, message, error, name };
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

export function invalidValues(name: string, raw: RawValue, definition: PropertyDefinition | undefined, trusted: boolean): InvalidValue | undefined {
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
  // HubSpot's own enumerations hold more options than the sandbox ships, so only custom options are checked.
  if (definition.type === 'enumeration' && !definition.hubspotDefined && definition.options.length > 0) {
    const allowed = new Set(definition.options.map((option) => option.value));
    const bad = text.split(';').find((value) => !allowed.has(value));
    if (bad !== undefined) {
      return invalid(name, 'INVALID_OPTION', `${bad} was not one of the allowed options: ${[...allowed].join(', ')}`);
    }
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
