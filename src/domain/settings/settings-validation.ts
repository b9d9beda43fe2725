import type { z } from 'zod';
import type { SettingsKind } from './settings-kind';
import { settingsSchemas, type SettingsOf } from './settings-schemas';

/** One wrong field of a settings document: where, what the schema expects there, and what was sent. */
export interface SettingsProblem {
  readonly field: string;
  readonly message: string;
  readonly expected: string;
  /** The value sent there, as JSON (shortened), or `(nothing)` when the field was missing. */
  readonly sent: string;
}

export type SettingsValidation<Kind extends SettingsKind> =
  | { readonly valid: true; readonly settings: SettingsOf<Kind> }
  | { readonly valid: false; readonly problems: readonly SettingsProblem[] };

type Issue = z.core.$ZodIssue;

const maximumSentLength = 120;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(document: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cursor: unknown = document;
  for (const key of path) {
    if (Array.isArray(cursor) && typeof key === 'number' && key < cursor.length) cursor = cursor[key];
    else if (isPlainObject(cursor) && typeof key === 'string' && Object.hasOwn(cursor, key)) cursor = cursor[key];
    else return { found: false, value: undefined };
  }
  return { found: true, value: cursor };
}

function shown(found: boolean, value: unknown): string {
  if (!found || value === undefined) return '(nothing)';
  const text = JSON.stringify(value);
  return text.length > maximumSentLength ? `${text.slice(0, maximumSentLength)}…` : text;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(the whole document)' : path.map(String).join('.');
}

function expectedOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return `${issue.origin === 'array' ? 'a list of ' : ''}at least ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'too_big':
      return `${issue.origin === 'array' ? 'a list of ' : ''}at most ${String(issue.maximum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'invalid_format':
      return issue.pattern ? `text matching ${issue.pattern}` : issue.format;
    default:
      return issue.message;
  }
}

function problemOf(issue: Issue, document: unknown): SettingsProblem {
  const { found, value } = valueAt(document, issue.path);
  return {
    field: fieldName(issue.path),
    message: issue.message,
    expected: expectedOf(issue),
    sent: shown(found, value),
  };
}

/**
 * Keys the schema does not know: the parsed output keeps every key it knows (defaults included), so a key of
 * the document missing from it at the same place is a typo or a setting that does not exist. Ignoring it would
 * leave the team believing a setting took effect.
 */
function unknownKeys(document: unknown, parsed: unknown, path: PropertyKey[] = []): SettingsProblem[] {
  if (Array.isArray(document) && Array.isArray(parsed))
    return document.flatMap((item, index) => unknownKeys(item, parsed[index], [...path, index]));
  if (!isPlainObject(document) || !isPlainObject(parsed)) return [];
  return Object.keys(document).flatMap((key) => {
    if (Object.hasOwn(parsed, key)) return unknownKeys(document[key], parsed[key], [...path, key]);
    const known = Object.keys(parsed).join(', ');
    return [
      {
        field: fieldName([...path, key]),
        message: 'no such setting',
        expected: known ? `one of ${known}` : 'no key here',
        sent: shown(true, document[key]),
      },
    ];
  });
}

const parsers: { readonly [Kind in SettingsKind]: (document: unknown) => z.ZodSafeParseResult<SettingsOf<Kind>> } = {
  kpi: (document) => settingsSchemas.kpi.safeParse(document),
  health: (document) => settingsSchemas.health.safeParse(document),
  lifecycle: (document) => settingsSchemas.lifecycle.safeParse(document),
  catalog: (document) => settingsSchemas.catalog.safeParse(document),
  risk: (document) => settingsSchemas.risk.safeParse(document),
  currency: (document) => settingsSchemas.currency.safeParse(document),
  digests: (document) => settingsSchemas.digests.safeParse(document),
  maturity: (document) => settingsSchemas.maturity.safeParse(document),
};

/** Validates a settings document of one kind (missing settings take their defaults); unknown keys are problems too. */
export function validateSettings<Kind extends SettingsKind>(kind: Kind, document: unknown): SettingsValidation<Kind> {
  if (!isPlainObject(document)) {
    return {
      valid: false,
      problems: [
        {
          field: '(the whole document)',
          message: `${kind} settings must be a JSON object`,
          expected: 'an object',
          sent: shown(true, document),
        },
      ],
    };
  }
  const result = parsers[kind](document);
  if (!result.success)
    return { valid: false, problems: result.error.issues.map((issue) => problemOf(issue, document)) };
  const unknown = unknownKeys(document, result.data);
  return unknown.length > 0 ? { valid: false, problems: unknown } : { valid: true, settings: result.data };
}
