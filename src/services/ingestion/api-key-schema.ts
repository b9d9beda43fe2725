import { z } from 'zod';
import { apiKeyScopes } from '../../db/schema';

const portalIdSchema = z.number().int().positive();

/** The admin API's bodies (`npm run keys` through a running service): what the CLI sends and the route checks. */
export const createKeyBodySchema = z.object({
  portalId: portalIdSchema,
  name: z.string().trim().min(1).max(200).optional(),
  scope: z.enum(apiKeyScopes).default('ingest'),
});

export const keysQuerySchema = z.object({ portalId: z.coerce.number().int().positive().optional() });
export const revokeKeyBodySchema = z.object({ portalId: portalIdSchema.optional() });

export const apiKeySummarySchema = z.object({
  portalId: z.number(),
  id: z.string(),
  name: z.string().nullable(),
  keyPrefix: z.string(),
  scope: z.enum(apiKeyScopes),
  createdAt: z.coerce.date(),
  revokedAt: z.coerce.date().nullable(),
});

export const createdKeyResponseSchema = z.object({
  key: apiKeySummarySchema.extend({ key: z.string() }),
  portalSynced: z.boolean(),
});
export const keyListResponseSchema = z.object({ results: z.array(apiKeySummarySchema) });
export const revokedKeyResponseSchema = z.object({ revoked: z.array(apiKeySummarySchema) });
