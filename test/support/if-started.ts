/**
 * For afterAll/afterEach: a resource that beforeAll assigns is still undefined when setup failed before reaching
 * it, whatever its declared type; `ifStarted(handle)?.close()` skips it then, so the rest still closes.
 */
export function ifStarted<Resource>(resource: Resource): Resource | undefined {
  return resource;
}
