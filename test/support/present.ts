/** The value, else a failed test that names what was missing (in place of a non-null assertion). */
export function present<Value>(value: Value | null | undefined, what: string): Value {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}
