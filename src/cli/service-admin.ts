import type { z } from 'zod';
import type { LockService } from '../db/data-dir-lock';

/** A call to the admin API of the service that holds DATA_DIR (see src/http/routes/admin-routes.ts). */
export async function callServiceAdmin<Schema extends z.ZodType>(
  service: LockService,
  request: { readonly method: 'GET' | 'POST'; readonly path: string; readonly body?: unknown },
  schema: Schema,
): Promise<z.infer<Schema>> {
  const response = await fetch(new URL(request.path, service.url), {
    method: request.method,
    headers: {
      authorization: `Bearer ${service.adminToken}`,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  }).catch((error: unknown) => {
    throw new Error(
      `The service that holds DATA_DIR (${service.url}) did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const text = await response.text();
  if (!response.ok) throw new ServiceAdminError(response.status, text);
  return schema.parse(JSON.parse(text));
}

export class ServiceAdminError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`The running service answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'ServiceAdminError';
  }
}
