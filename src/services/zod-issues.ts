import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** One bad field: where, what was expected, what was sent (shortened), in words a caller can act on. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  readonly expected?: string;
  readonly received?: string;
}

const maxEcho = 60;

/** What was sent, as JSON, shortened: a caller recognises their own value; a long one stays out of the answer. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  // JSON has no text for a function or a symbol.
  const text = typeof value === 'function' || typeof value === 'symbol' ? String(value) : JSON.stringify(value);
  return text.length > maxEcho ? `${text.slice(0, maxEcho)}…" (${text.length} characters)` : text;
}

function expectationOf(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_type':
      if (issue.expected === 'null' || issue.expected === 'undefined')
        return issue.expected === 'null' ? 'null' : 'nothing';
      return issue.expected === 'object' || issue.expected === 'array' ? `an ${issue.expected}` : `a ${issue.expected}`;
    default:
      return undefined;
  }
}

// An issue with its full path and, for a union's branches that failed on the same field, what any of them expects.
type Located = { readonly issue: Issue; readonly path: readonly PropertyKey[]; readonly expected: string | undefined };

function located(issue: Issue, prefix: readonly PropertyKey[]): Located {
  return { issue, path: [...prefix, ...issue.path], expected: expectationOf(issue) };
}

/** A union's issues: those of the branch that came closest; branches failing on the same fields merge what they expect. */
function unionIssues(issue: Extract<Issue, { code: 'invalid_union' }>, prefix: readonly PropertyKey[]): Located[] {
  const path = [...prefix, ...issue.path];
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const fewest = Math.min(...branches.map((branch) => branch.length));
  const closest = branches.filter((branch) => branch.length === fewest);
  const first = closest[0];
  if (first === undefined) return [located(issue, prefix)];
  const key = (branch: readonly Issue[]) => branch.map((inner) => inner.path.join('.')).join('|');
  const sameFields = closest.every((branch) => key(branch) === key(first));
  return first.flatMap((inner, position) => {
    if (inner.code === 'invalid_union') return unionIssues(inner, path);
    if (!sameFields) return [located(inner, path)];
    const expectations = closest.flatMap((branch) => {
      const other = branch[position];
      return other ? [expectationOf(other) ?? other.message] : [];
    });
    return [{ issue: inner, path: [...path, ...inner.path], expected: [...new Set(expectations)].join(' or ') }];
  });
}

function flatten(issues: readonly Issue[]): Located[] {
  return issues.flatMap((issue) =>
    issue.code === 'invalid_union' && issue.errors.length > 0 ? unionIssues(issue, []) : [located(issue, [])],
  );
}

// Without `reportInput` zod leaves the input out; an invalid_type issue still says when nothing was sent.
function receivedOf(issue: Issue): string | undefined {
  if ('input' in issue) return describeReceived(issue.input);
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'nothing' : undefined;
}

/** Each issue as a field problem; `where` names the field when the whole value is wrong (`body`, `query`). */
export function fieldProblems(issues: readonly Issue[], where: string): FieldProblem[] {
  return flatten(issues).map(({ issue, path, expected }) => {
    const field = path.length > 0 ? path.map(String).join('.') : where;
    const received = receivedOf(issue);
    const got = received === undefined ? '' : `, got ${received}`;
    const message = expected === undefined ? `${issue.message}${got}` : `expected ${expected}${got}`;
    return {
      field,
      message,
      ...(expected === undefined ? {} : { expected }),
      ...(received === undefined ? {} : { received }),
    };
  });
}
