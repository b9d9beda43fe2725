import type { PlaybookTrigger } from './playbook-schema';

/**
 * The stored days a company's signals need for these triggers: for each score drop, the newest scored day of its
 * week (`withinDays` to `withinDays + 7` back, as evaluateTrigger looks); for seat utilization, the days before today
 * of the longest window, needed only by a company at or over the lowest threshold today (the trigger fails without).
 */
export interface SignalLookback {
  readonly scoreDropDays: readonly number[];
  readonly seatDays: { readonly days: number; readonly atLeastPercent: number } | null;
}

export function signalLookbackOf(triggers: readonly PlaybookTrigger[]): SignalLookback {
  const scoreDropDays = [
    ...new Set(triggers.flatMap((trigger) => (trigger.kind === 'score_drop' ? [trigger.withinDays] : []))),
  ];
  const seat = triggers.flatMap((trigger) => (trigger.kind === 'seat_utilization_high' ? [trigger] : []));
  return {
    scoreDropDays,
    seatDays:
      seat.length === 0
        ? null
        : {
            days: Math.max(...seat.map((trigger) => trigger.forDays)),
            atLeastPercent: Math.min(...seat.map((trigger) => trigger.atLeastPercent)),
          },
  };
}
