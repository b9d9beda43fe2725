import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usageEventInputSchema } from '../../../src/domain/usage/usage-event';
import { fastUsageEventInput } from '../../../src/domain/usage/usage-event-fast-check';

// The schema is the reference: whatever the fast check accepts, the schema accepts with the same output;
// what it declines goes to the schema, whose messages the rejections keep.
function expectSameAsSchema(item: unknown): void {
  const fast = fastUsageEventInput(item);
  if (fast === null) return;
  fastAccepted += 1;
  const parsed = usageEventInputSchema.safeParse(item);
  expect(parsed.success, JSON.stringify(item)).toBe(true);
  expect(fast).toStrictEqual(parsed.data);
}

// Mostly valid values, so that many items pass the fast check and their outputs are compared.
const identifierLike = fc.oneof(
  { arbitrary: fc.stringMatching(/^ ?[a-z0-9-]{1,8} ?$/), weight: 8 },
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', ' a ', 'a\u0000', 'x'.repeat(256), 'x'.repeat(257), ` ${'x'.repeat(256)} `),
  fc.integer(),
  fc.constant(null),
);
const timestampLike = fc.oneof(
  {
    arbitrary: fc
      .date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2100-01-01') })
      .map((date) => date.toISOString()),
    weight: 8,
  },
  fc.constantFrom(
    '1999-12-31T23:59:59Z',
    '2026-02-30T00:00:00Z',
    '2026-01-01T00:00:00',
    ' 1767225600000 ',
    'x'.repeat(65),
  ),
  fc.integer(),
  fc.double(),
);
const propertiesLike = fc.oneof(
  { arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 })), weight: 6 },
  fc.jsonValue(),
  fc.constantFrom(
    { a: '\u0000' },
    { ['k'.repeat(257)]: 1 },
    { big: 'é'.repeat(9_000) },
    JSON.parse('{"__proto__": {"x": 1}}') as unknown,
    JSON.parse('{"a":[[[[[[[[[1]]]]]]]]]}') as unknown,
  ),
);
const item = fc.record(
  {
    messageId: identifierLike,
    companyId: identifierLike,
    accountId: identifierLike,
    userId: identifierLike,
    event: identifierLike,
    timestamp: timestampLike,
    sessionId: identifierLike,
    durationSeconds: fc.oneof(
      fc.double({ min: 0, max: 700_000, noNaN: true }),
      fc.double(),
      fc.constantFrom(-1, 0, 30, 604_800, 604_801, null),
    ),
    properties: propertiesLike,
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
let fastAccepted = 0;

describe('fast usage event check', () => {
  it('accepts only what the schema accepts, with the same output', () => {
    fc.assert(
      fc.property(item, (candidate) => expectSameAsSchema(candidate)),
      { numRuns: 5_000 },
    );
    // Enough accepted items for the comparison to mean something.
    expect(fastAccepted).toBeGreaterThan(100);
  });

  it('takes the common valid events itself', () => {
    const valid = {
      messageId: ' m-1 ',
      accountId: 'acct-1',
      userId: 'user-1',
      event: 'feature-1',
      timestamp: '2026-01-01T10:00:00.000Z',
      sessionId: null,
      durationSeconds: 12.6,
      properties: { plan: 'pro', nested: { list: [1, 2] } },
    };
    expect(fastUsageEventInput(valid)).not.toBeNull();
    expectSameAsSchema(valid);
    expect(fastUsageEventInput({ ...valid, accountId: undefined })).toBeNull();
    expect(fastUsageEventInput([valid])).toBeNull();
  });
});
