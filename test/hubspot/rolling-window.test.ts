import { describe, expect, it } from 'vitest';
import { nextSlot } from '../../src/hubspot/limits/rolling-window';

describe('the next call slot under a rolling window', () => {
  const limit = { max: 3, windowMs: 1_000 };

  it('lets the first `max` calls go at once, then one window after the max-th latest', () => {
    expect(nextSlot([], 100, 0, limit)).toBe(100);
    expect(nextSlot([100, 100], 100, 0, limit)).toBe(100);
    expect(nextSlot([300, 200, 100], 400, 0, limit)).toBe(1_100);
    expect(nextSlot([1_100, 300, 200, 100], 400, 0, limit)).toBe(1_200);
  });

  it("never goes before a 429's hold nor before the latest slot", () => {
    expect(nextSlot([100], 200, 5_000, limit)).toBe(5_000);
    expect(nextSlot([900], 200, 0, limit)).toBe(900);
  });
});
