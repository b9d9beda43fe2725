import { z } from 'zod';
import { validationError } from './errors';

const queryValueSchema = z.union([z.string(), z.array(z.string())]).optional();

/** A list parameter, sent repeated (`?a=1&a=2`, what the official client does) or comma-separated. */
export function listParam(value: unknown): string[] | undefined {
  const parsed = queryValueSchema.safeParse(value);
  if (!parsed.success || parsed.data === undefined) return undefined;
  const items = (Array.isArray(parsed.data) ? parsed.data : [parsed.data])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return items;
}

export function stringParam(value: unknown): string | undefined {
  return listParam(value)?.[0];
}

export function booleanParam(value: unknown): boolean {
  return stringParam(value)?.toLowerCase() === 'true';
}

/** A page size: HubSpot answers 400 to a limit above the endpoint's maximum rather than capping it. */
export function limitParam(value: unknown, defaultLimit: number, maxLimit: number): number {
  const text = stringParam(value);
  if (text === undefined) return defaultLimit;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1)
    throw validationError(`limit must be a positive integer, got ${text}`, { context: { limit: [text] } });
  if (limit > maxLimit)
    throw validationError(`limit must be less than or equal to ${maxLimit}, got ${text}`, {
      context: { limit: [text] },
    });
  return limit;
}
