import type { RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

/** The zone's offset from UTC at the instant, in milliseconds. */
function utcOffsetMilliseconds(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((each) => each.type === type)?.value ?? 0);
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wallClock - Math.floor(instant / 1000) * 1000;
}

function formatOffset(milliseconds: number): string {
  const minutes = Math.abs(milliseconds) / 60_000;
  const text = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${milliseconds < 0 ? '-' : '+'}${text}`;
}

export function registerAccountRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('get', '/account-info/v3/details', (_request, response) => {
    const offset = utcOffsetMilliseconds(store.portal.timeZone, store.now());
    response.json({
      portalId: store.portal.id,
      accountType: 'STANDARD',
      timeZone: store.portal.timeZone,
      companyCurrency: store.portal.currency,
      additionalCurrencies: [],
      utcOffset: formatOffset(offset),
      utcOffsetMilliseconds: offset,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });
}
