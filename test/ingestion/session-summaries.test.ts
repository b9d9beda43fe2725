import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standInEvents, summarizeSessions, type WeightedEvent } from '../../src/domain/usage/session-summaries';

const settings = { inactivityMinutes: 30, useSessionId: true };
const base = Date.UTC(2026, 2, 2, 9, 0);

function toEvent([minute, durationMinutes]: [number, number]): WeightedEvent {
  const at = base + minute * 60_000;
  return {
    companyId: 'c1',
    userId: 'u1',
    at,
    localDate: new Date(at).toISOString().slice(0, 10),
    sessionId: null,
    durationMilliseconds: durationMinutes * 60_000,
    weight: 1,
  };
}

const eventsArbitrary = fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fc.constantFrom(0, 0, 1, 15, 45)), {
  minLength: 1,
  maxLength: 12,
});

describe('stored sessions as stand-in events', () => {
  it('give the same sessions as re-reading every raw event, whatever arrives late', () => {
    fc.assert(
      fc.property(eventsArbitrary, eventsArbitrary, (earlier, later) => {
        const all = summarizeSessions([...earlier, ...later].map(toEvent), '', settings);
        const stored = summarizeSessions(earlier.map(toEvent), '', settings);
        const merged = summarizeSessions([...stored.flatMap(standInEvents), ...later.map(toEvent)], '', settings);
        expect(merged).toEqual(all);
      }),
      { numRuns: 500 },
    );
  });
});
