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

export function limitParam(value: unknown, defaultLimit: number, maxLimit: number): number {
  const text = stringParam(value);
  if (text === undefined) return defaultLimit;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) throw validationError(`limit must be a positive integer, got ${text}`);
  // HubSpot's list endpoints quietly cap the page size rather than refuse it.
  return Math.min(limit, maxLimit);
}

/** Page cursor `after`: the sandbox's cursors are record positions written as decimal strings. */
export function afterParam(value: unknown): number {
  const text = typeof value === 'string' ? value : stringParam(value);
  if (text === undefined || text === '') return 0;
  const after = Number(text);
  if (!Number.isInteger(after) || after < 0) throw validationError(`after must be a paging cursor from a previous response, got ${text}`);
  return after;
}

export function pageLink(baseUrl: string, path: string, after: number): string {
  return `${baseUrl}${path}?after=${after}`;
}
