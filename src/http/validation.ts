import type { z } from 'zod';
import { ServiceError } from '../services/service-error';

export function parseQuery<Schema extends z.ZodType>(schema: Schema, query: unknown): z.infer<Schema> {
  const result = schema.safeParse(query, { reportInput: true });
  if (!result.success) throw ServiceError.fromZod(result.error, 'query');
  return result.data;
}

export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw ServiceError.fromZod(result.error, 'body');
  return result.data;
}
