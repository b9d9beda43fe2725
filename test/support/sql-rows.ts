/**
 * Rows of a raw statement in a test's own assertion query, typed by the test: both drivers answer `{ rows }`.
 * Product code reads rows through `queryRows` (zod-checked) instead.
 */
export function rowsOf<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}
