export interface RollingLimit {
  readonly max: number;
  /** The window, widened by what arrival jitter may add. */
  readonly windowMs: number;
}

/**
 * The next call's slot under a rolling-window limit: now if fewer than `max` calls were reserved in the window before,
 * else one window after the `max`-th latest reservation; never before `notBefore` (a 429's hold) nor before the latest
 * reservation (slots keep their order). `recent` holds the latest reservations, newest first.
 */
export function nextSlot(recent: readonly number[], now: number, notBefore: number, limit: RollingLimit): number {
  const windowFull = recent.length >= limit.max ? (recent[limit.max - 1] ?? 0) + limit.windowMs : 0;
  return Math.max(now, notBefore, recent[0] ?? 0, windowFull);
}
