import type { z } from 'zod';

export const openApiPath = '/api/v1/openapi.json';

/** Who may call an operation: the credential it checks. */
export type OperationSecurity = 'apiKey' | 'ingestionKey' | 'segmentWriteKey' | 'hubspotSignature' | 'none';

/** One operation of the service's own API, described by the zod schemas its route validates with. */
export interface ApiOperation {
  readonly method: 'get' | 'post' | 'put';
  /** Express form (`/companies/:id`); the document writes `{id}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly security: OperationSecurity;
  readonly pathParameters?: Readonly<Record<string, z.ZodType>>;
  readonly query?: z.ZodObject;
  readonly body?: { readonly contentType: 'application/json' | 'text/csv'; readonly schema: z.ZodType };
  /** The 200 answer's schema, where one exists (named: it is a component the document refers to); else its description only. */
  readonly response?: { readonly name: string; readonly schema: z.ZodType };
  readonly responseDescription: string;
}
