import { buildOpenApiDocument } from './openapi-document';

export { openApiPath } from './api-operation';

let built: Record<string, unknown> | undefined;

/** Built on first request: the schemas do not change while the service runs. */
export function openApiDocument(): Record<string, unknown> {
  built ??= buildOpenApiDocument();
  return built;
}
