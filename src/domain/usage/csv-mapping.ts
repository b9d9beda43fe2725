import { z } from 'zod';
import { deterministicMessageId } from './message-id';

export const usageFields = [
  'messageId',
  'companyId',
  'accountId',
  'userId',
  'event',
  'timestamp',
  'sessionId',
  'durationSeconds',
] as const;
export type UsageField = (typeof usageFields)[number];

/** Where a column goes: an event field, a named property, or nowhere. */
export type ColumnTarget =
  { kind: 'field'; field: UsageField } | { kind: 'property'; name: string } | { kind: 'ignore' };

const mappingSchema = z
  .string()
  .regex(/^[^=]+=[^=]+$/, 'expected column=field')
  .transform((value) => {
    const [column = '', target = ''] = value.split('=');
    return { column: column.trim(), target: target.trim() };
  });

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const fieldsBySquashedName = new Map<string, UsageField>(usageFields.map((field) => [squash(field), field]));
for (const [alias, field] of [
  ['event_name', 'event'],
  ['feature', 'event'],
  ['time', 'timestamp'],
  ['occurred_at', 'timestamp'],
  ['user', 'userId'],
  ['duration', 'durationSeconds'],
] as const) {
  fieldsBySquashedName.set(squash(alias), field);
}

function targetOf(name: string): ColumnTarget | undefined {
  if (name === 'ignore' || name === '-') return { kind: 'ignore' };
  if (name.startsWith('properties.') && name.length > 'properties.'.length)
    return { kind: 'property', name: name.slice('properties.'.length) };
  const field = fieldsBySquashedName.get(squash(name));
  return field === undefined ? undefined : { kind: 'field', field };
}

/** `--map column=field` pairs; a column named like a field maps to it by default, any other becomes a property. */
export function parseColumnMappings(pairs: readonly string[]): Map<string, ColumnTarget> {
  const mappings = new Map<string, ColumnTarget>();
  for (const pair of pairs) {
    const { column, target } = mappingSchema.parse(pair);
    const resolved = targetOf(target);
    if (!resolved)
      throw new z.ZodError([
        {
          code: 'custom',
          path: ['map'],
          message: `unknown field "${target}" for column "${column}" (fields: ${usageFields.join(', ')}, properties.<name>, ignore)`,
          input: pair,
        },
      ]);
    mappings.set(column, resolved);
  }
  return mappings;
}

export function columnTargets(header: readonly string[], mappings: ReadonlyMap<string, ColumnTarget>): ColumnTarget[] {
  return header.map((column) => mappings.get(column) ?? targetOf(column) ?? { kind: 'property', name: column });
}

/** One CSV row as a batch event (the same validation applies); without a messageId column, a hash of the row. */
export function rowToEventInput(values: readonly string[], targets: readonly ColumnTarget[]): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  const properties: Record<string, string> = {};
  targets.forEach((target, index) => {
    const value = values[index]?.trim() ?? '';
    if (value === '' || target.kind === 'ignore') return;
    if (target.kind === 'property') properties[target.name] = value;
    else if (target.field === 'durationSeconds')
      event.durationSeconds = Number.isNaN(Number(value)) ? value : Number(value);
    else event[target.field] = value;
  });
  if (Object.keys(properties).length > 0) event.properties = properties;
  if (event.messageId === undefined)
    event.messageId = deterministicMessageId('csv', [
      event.companyId ?? null,
      event.accountId ?? null,
      event.userId ?? null,
      event.event ?? null,
      event.timestamp ?? null,
      event.sessionId ?? null,
      event.durationSeconds ?? null,
      properties,
    ]);
  return event;
}
