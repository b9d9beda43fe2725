import { addMonths, type CalendarDate } from '../time/calendar-date';

/** Raw events before this day (UTC) are past retention; aggregates are kept. */
export function retentionCutoff(today: CalendarDate, retentionMonths: number): CalendarDate {
  return addMonths(today, -retentionMonths);
}
