/** What playbook triggers read of a stored explanation, kept in columns of their own beside it. */
export interface ExplanationSignals {
  /** The scored components' scores by component; null when the explanation lists no components. */
  readonly componentScores: Record<string, number> | null;
  /** The same components' points (what they add to the score); null when the explanation lists no components. */
  readonly componentPoints: Record<string, number> | null;
  /** The commercial component's days to renewal. */
  readonly daysToRenewal: number | null;
  /** The sentiment component's latest NPS answer. */
  readonly latestNps: number | null;
}

type ComponentEntry = {
  readonly component?: unknown;
  readonly score?: unknown;
  readonly points?: unknown;
  readonly raw?: unknown;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Postgres casts numeric to integer rounding halves away from zero; Math.round rounds -2.5 to -2.
const roundHalfAwayFromZero = (value: number) => {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
};

/** Each component's `key` where it is a number, by component (a later entry of the same component wins). */
function numbersByComponent(entries: readonly ComponentEntry[], key: 'score' | 'points'): Record<string, number> {
  const byComponent: Record<string, number> = {};
  for (const entry of entries) {
    const value = entry[key];
    if (typeof value === 'number') byComponent[String(entry.component)] = value;
  }
  return byComponent;
}

/** The first value of `raw[key]` among the components named `component`, as a whole number. */
function rawValueOf(components: readonly ComponentEntry[], component: string, key: string): number | null {
  for (const entry of components) {
    if (entry.component !== component || !isObject(entry.raw) || !(key in entry.raw)) continue;
    const value = entry.raw[key];
    return typeof value === 'number' ? roundHalfAwayFromZero(value) : null;
  }
  return null;
}

/**
 * The signals of an explanation, stored with every score. Migrations 0026 and 0027 filled the rows stored before with
 * SQL that computes the same values, rounding included (test/customer-success/explanation-signals-sql.test.ts).
 */
export function explanationSignals(explanation: Record<string, unknown>): ExplanationSignals {
  const components = explanation.components;
  if (!Array.isArray(components))
    return { componentScores: null, componentPoints: null, daysToRenewal: null, latestNps: null };
  const entries: ComponentEntry[] = components.filter(isObject);
  return {
    componentScores: numbersByComponent(entries, 'score'),
    componentPoints: numbersByComponent(entries, 'points'),
    daysToRenewal: rawValueOf(entries, 'commercial', 'daysToRenewal'),
    latestNps: rawValueOf(entries, 'sentiment', 'latestNps'),
  };
}
