import { tzOffset } from '@date-fns/tz';
import { decodeCursor, encodeCursor, pagingOf } from './page-cursor';
import { limitParam, stringParam } from './query-params';
import type { RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

function formatOffset(milliseconds: number): string {
  const minutes = Math.abs(milliseconds) / 60_000;
  const text = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${milliseconds < 0 ? '-' : '+'}${text}`;
}

export function registerAccountRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('get', '/account-info/v3/details', (_request, response) => {
    const offset = tzOffset(store.portal.timeZone, new Date(store.now())) * 60_000;
    response.json({
      portalId: store.portal.id,
      accountType: 'STANDARD',
      timeZone: store.portal.timeZone,
      companyCurrency: store.portal.currency,
      additionalCurrencies: (store.portal.additionalCurrencies ?? []).map((currency) => currency.code),
      utcOffset: formatOffset(offset),
      utcOffsetMilliseconds: offset,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });
}

const ratesPath = '/settings/currencies/2026-03';

/** HubSpot's multi-currency settings (read side): the company currency and each rate into it, paged. */
export function registerCurrencyRoutes(register: RegisterRoute, store: SandboxStore): void {
  const rateRows = () =>
    (store.portal.additionalCurrencies ?? []).flatMap((currency) =>
      currency.exchangeRates.map((rate, index) => ({
        id: `${currency.code}-${index + 1}`,
        fromCurrencyCode: currency.code,
        toCurrencyCode: store.portal.currency,
        conversionRate: rate.conversionRate,
        effectiveAt: rate.effectiveAt,
        createdAt: rate.effectiveAt,
        updatedAt: rate.effectiveAt,
        visibleInUI: true,
      })),
    );
  register('get', `${ratesPath}/company-currency`, (_request, response) => {
    response.json({ currencyCode: store.portal.currency, createdAt: new Date(store.startedAt).toISOString() });
  });
  register('get', `${ratesPath}/exchange-rates`, (request, response) => {
    const from = stringParam(request.query.fromCurrencyCode);
    const rows = rateRows().filter((row) => from === undefined || row.fromCurrencyCode === from);
    const limit = limitParam(request.query.limit, 100, 100);
    const position = (id: string) => rows.findIndex((row) => row.id === id);
    const afterId = decodeCursor(stringParam(request.query.after));
    const rest = afterId === undefined ? rows : rows.slice(position(afterId) + 1);
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    const nextAfter = rest.length > limit && last !== undefined ? encodeCursor(last.id) : undefined;
    response.json({ results: page, ...pagingOf(request, nextAfter) });
  });
  register('get', `${ratesPath}/exchange-rates/current`, (_request, response) => {
    const now = store.now();
    const current = (store.portal.additionalCurrencies ?? []).flatMap((currency) => {
      const inForce = rateRows()
        .filter((row) => row.fromCurrencyCode === currency.code && Date.parse(row.effectiveAt) <= now)
        .at(-1);
      return inForce === undefined ? [] : [inForce];
    });
    response.json({ results: current });
  });
}
