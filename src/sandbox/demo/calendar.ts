// Calendar dates are 'YYYY-MM-DD' strings; all arithmetic runs on UTC so no local zone leaks in.
const millisecondsPerDay = 86_400_000;

function toUtc(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) throw new Error(`not a calendar date: ${date}`);
  return parsed;
}

export function formatDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatDate(new Date(toUtc(date).getTime() + days * millisecondsPerDay));
}

/** Calendar months later, the day clamped to the target month's last day (domain.md 1.1). */
export function addMonths(date: string, months: number): string {
  const start = toUtc(date);
  const monthIndex = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return formatDate(new Date(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay))));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / millisecondsPerDay);
}

/** Whole calendar months from `from` to `to`, rounded to the nearest month. */
export function monthsBetween(from: string, to: string): number {
  return Math.max(1, Math.round(daysBetween(from, to) / 30.4375));
}

/** An ISO-8601 instant for a calendar date plus seconds into that (UTC) day, second precision. */
export function instantAt(date: string, secondsIntoDay: number): string {
  if (secondsIntoDay < 0 || secondsIntoDay >= 86_400) {
    return `${new Date(toUtc(date).getTime() + secondsIntoDay * 1000).toISOString().slice(0, 19)}Z`;
  }
  // The common case skips Date entirely: it runs once per generated usage event.
  const pad = (value: number) => String(Math.floor(value)).padStart(2, '0');
  return `${date}T${pad(secondsIntoDay / 3600)}:${pad((secondsIntoDay % 3600) / 60)}:${pad(secondsIntoDay % 60)}Z`;
}

export function compareText(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

export function minDate(first: string, second: string): string {
  return first < second ? first : second;
}

export function maxDate(first: string, second: string): string {
  return first > second ? first : second;
}
