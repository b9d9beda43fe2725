import { parseInstant } from '../time/time-zone';
import { inputLimits, jsonStorageProblem, nestingDepth } from './input-limits';
import type { UsageEventInput } from './usage-event';

// usageEventInputSchema is the reference: this check only accepts what it accepts, with the same output, and
// answers null for anything else, which then goes through the schema for its rejection messages. zod costs
// about 20 µs an event on the ingestion hot path; this a fraction of it (a differential test holds the two together).

function identifier(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length >= 1 && trimmed.length <= inputLimits.identifierCharacters && !trimmed.includes('\u0000')
    ? trimmed
    : null;
}

function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function properties(value: unknown): Record<string, unknown> | null {
  if (!plainObject(value) || Object.hasOwn(value, '__proto__')) return null;
  for (const key of Reflect.ownKeys(value))
    if (typeof key !== 'string' || key.length > inputLimits.identifierCharacters || value[key] === undefined)
      return null;
  if (nestingDepth(value, inputLimits.propertiesDepth) > inputLimits.propertiesDepth) return null;
  const json = JSON.stringify(value);
  // Bytes are at least the characters: only a long text needs counting.
  if (json.length * 3 > inputLimits.propertiesBytes && Buffer.byteLength(json) > inputLimits.propertiesBytes)
    return null;
  return jsonStorageProblem(json) === null ? { ...value } : null;
}

/** The schema's output for an event it accepts in the common form, or null: then the schema decides. */
export function fastUsageEventInput(item: unknown): UsageEventInput | null {
  if (!plainObject(item)) return null;
  const { messageId, companyId, accountId, userId, event, timestamp, sessionId, durationSeconds } = item;
  const output: UsageEventInput = {
    messageId: identifier(messageId) ?? '',
    userId: identifier(userId) ?? '',
    event: identifier(event) ?? '',
    timestamp: 0,
  };
  if (output.messageId === '' || output.userId === '' || output.event === '') return null;
  if (companyId !== undefined) {
    const id = identifier(companyId);
    if (id === null) return null;
    output.companyId = id;
  }
  if (accountId !== undefined) {
    const id = identifier(accountId);
    if (id === null) return null;
    output.accountId = id;
  }
  if (companyId === undefined && accountId === undefined) return null;
  if (typeof timestamp !== 'string' || timestamp.length > 64) return null;
  const instant = parseInstant(timestamp);
  if (instant === null || instant < inputLimits.earliestInstant) return null;
  output.timestamp = instant;
  if (sessionId !== undefined) {
    const id = sessionId === null ? null : identifier(sessionId);
    if (id === null && sessionId !== null) return null;
    output.sessionId = id;
  }
  if (durationSeconds !== undefined) {
    if (durationSeconds === null) output.durationSeconds = null;
    else if (
      typeof durationSeconds === 'number' &&
      Number.isFinite(durationSeconds) &&
      durationSeconds >= 0 &&
      durationSeconds <= inputLimits.durationSeconds
    )
      output.durationSeconds = durationSeconds;
    else return null;
  }
  if (item.properties !== undefined) {
    if (item.properties === null) output.properties = null;
    else {
      const bag = properties(item.properties);
      if (bag === null) return null;
      output.properties = bag;
    }
  }
  return output;
}
