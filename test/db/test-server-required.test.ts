import { describe, expect, it } from 'vitest';
import { requireServerUnderCi } from '../support/databases';

describe('the Postgres half of the suite under CI', () => {
  it('runs when the server answers', () => {
    expect(requireServerUnderCi(null, 'true')).toBe(true);
    expect(requireServerUnderCi(null, undefined)).toBe(true);
  });

  it('is left out on a machine without the server and without CI', () => {
    expect(requireServerUnderCi('connect ECONNREFUSED', undefined)).toBe(false);
    expect(requireServerUnderCi('connect ECONNREFUSED', 'false')).toBe(false);
  });

  it('fails loudly under CI when the server does not answer, naming the cause', () => {
    expect(() => requireServerUnderCi('connect ECONNREFUSED 127.0.0.1:5999', 'true')).toThrow(
      /CI is set.*ECONNREFUSED 127\.0\.0\.1:5999/,
    );
    expect(() => requireServerUnderCi('timeout', '1')).toThrow(/not reachable/);
  });
});
