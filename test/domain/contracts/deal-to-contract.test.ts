import { describe, expect, it } from 'vitest';
import { contractSchema, type DealInput } from '../../../src/domain/contracts/contract-schema';
import { dealToContract } from '../../../src/domain/contracts/deal-to-contract';

const options = { timeZone: 'UTC', closedWonStageIds: ['closedwon', '9911'] };

function deal(properties: Record<string, string | null>, companyIds: string[] = ['c1', 'c2']): DealInput {
  return {
    id: 'd1',
    companyIds,
    properties: { dealstage: 'closedwon', closedate: '2026-01-15T10:00:00.000Z', cs_mrr: '100', ...properties },
  };
}

function contractOf(
  input: DealInput,
  overrides: Partial<typeof options> & { minorUnitDigits?: number; defaultTermMonths?: number } = {},
) {
  const result = dealToContract(input, { ...options, ...overrides });
  if (!result.isContract) {
    throw new Error(`expected a contract, got ${result.reason}: ${result.detail}`);
  }
  return contractSchema.parse(result.contract);
}

describe('dealToContract: recurring amount', () => {
  it.each([
    ['cs_mrr first', { cs_mrr: '250.50', hs_mrr: '999', amount: '12000' }, 25_050],
    ['hs_mrr when cs_mrr is empty', { cs_mrr: '', hs_mrr: '300', amount: '12000' }, 30_000],
    ['hs_mrr when cs_mrr is null', { cs_mrr: null, hs_mrr: '300.1' }, 30_010],
    ['amount / cs_term_months', { cs_mrr: null, amount: '2400', cs_term_months: '24' }, 10_000],
    ['amount / 12 without a term', { cs_mrr: null, amount: '1200' }, 10_000],
    ['amount 1000.005 / 12 rounds once: 83.33375 -> 83.33', { cs_mrr: null, amount: '1000.005' }, 8_333],
    ['exact decimal: 100.005 rounds half-up (a float gives 10000)', { cs_mrr: '100.005' }, 10_001],
    ['half-up on the derived amount: 0.30 / 12 = 0.025 -> 0.03', { cs_mrr: null, amount: '0.30' }, 3],
    ['just under half rounds down: 0.29 / 12 = 0.02416', { cs_mrr: null, amount: '0.29' }, 2],
    ['integral term written as decimal', { cs_mrr: null, amount: '600', cs_term_months: '6.0' }, 10_000],
    ['leading plus and whitespace', { cs_mrr: ' +42 ' }, 4_200],
    ['zero is a (free) contract', { cs_mrr: '0' }, 0],
    ['bare fraction', { cs_mrr: '.5' }, 50],
  ])('%s', (_name, properties, expected) => {
    expect(contractOf(deal(properties)).mrrMinor).toBe(expected);
  });

  it('uses the currency minor unit: yen has none', () => {
    expect(contractOf(deal({ cs_mrr: null, amount: '1000' }), { minorUnitDigits: 0 }).mrrMinor).toBe(83);
  });

  it.each([
    ['negative cs_mrr', { cs_mrr: '-10' }, 'negative-recurring-amount'],
    ['negative amount', { cs_mrr: null, amount: '-1200' }, 'negative-recurring-amount'],
    ['garbage cs_mrr does not fall through to hs_mrr', { cs_mrr: 'ten', hs_mrr: '10' }, 'invalid-recurring-amount'],
    ['exponent notation', { cs_mrr: '1e3' }, 'invalid-recurring-amount'],
    ['thousands separator', { cs_mrr: '1,000' }, 'invalid-recurring-amount'],
    ['currency sign', { cs_mrr: '$10' }, 'invalid-recurring-amount'],
    ['nothing set', { cs_mrr: null }, 'no-recurring-amount'],
    ['zero term', { cs_mrr: null, amount: '1200', cs_term_months: '0' }, 'invalid-term-months'],
    ['fractional term', { cs_mrr: null, amount: '1200', cs_term_months: '1.5' }, 'invalid-term-months'],
    ['garbage term', { cs_mrr: null, amount: '1200', cs_term_months: 'yearly' }, 'invalid-term-months'],
    ['out of safe range', { cs_mrr: '99999999999999999999' }, 'invalid-recurring-amount'],
  ])('rejects %s', (_name, properties, reason) => {
    const result = dealToContract(deal(properties), options);
    expect(result).toMatchObject({ isContract: false, dealId: 'd1', reason });
    expect(result.isContract ? '' : result.detail).not.toBe('');
  });
});

describe('dealToContract: contract days', () => {
  it.each([
    ['close date + 12 months', {}, 'UTC', '2026-01-15', '2027-01-15'],
    [
      'Jan 31 + 1 month clamps to Feb 28',
      { cs_contract_start: '2026-01-31', cs_term_months: '1' },
      'UTC',
      '2026-01-31',
      '2026-02-28',
    ],
    [
      'Jan 31 + 1 month clamps to Feb 29 in a leap year',
      { cs_contract_start: '2028-01-31', cs_term_months: '1' },
      'UTC',
      '2028-01-31',
      '2028-02-29',
    ],
    ['Feb 29 + 12 months clamps to Feb 28', { cs_contract_start: '2028-02-29' }, 'UTC', '2028-02-29', '2029-02-28'],
    ['Aug 31 + 6 months', { cs_contract_start: '2026-08-31', cs_term_months: '6' }, 'UTC', '2026-08-31', '2027-02-28'],
    [
      'explicit end wins over the term',
      { cs_contract_start: '2026-02-01', cs_contract_end: '2026-05-01', cs_term_months: '24' },
      'UTC',
      '2026-02-01',
      '2026-05-01',
    ],
    [
      'closedate shifts to the next day in Tokyo',
      { closedate: '2026-03-31T23:30:00Z' },
      'Asia/Tokyo',
      '2026-04-01',
      '2027-04-01',
    ],
    ['closedate stays in UTC', { closedate: '2026-03-31T23:30:00Z' }, 'UTC', '2026-03-31', '2027-03-31'],
    [
      'closedate shifts back in Los Angeles',
      { closedate: '2026-04-01T05:00:00Z' },
      'America/Los_Angeles',
      '2026-03-31',
      '2027-03-31',
    ],
    [
      'closedate as epoch ms',
      { closedate: String(Date.UTC(2026, 2, 31, 23, 30)) },
      'Asia/Tokyo',
      '2026-04-01',
      '2027-04-01',
    ],
    [
      'date property as midnight UTC epoch ms is not shifted',
      { cs_contract_start: String(Date.UTC(2026, 4, 1)) },
      'America/Los_Angeles',
      '2026-05-01',
      '2027-05-01',
    ],
    [
      'date property as midnight UTC ISO',
      { cs_contract_start: '2026-05-01T00:00:00.000Z' },
      'Asia/Tokyo',
      '2026-05-01',
      '2027-05-01',
    ],
  ])('%s', (_name, properties, timeZone, startDate, endDate) => {
    expect(contractOf(deal(properties), { timeZone })).toMatchObject({ startDate, endDate });
  });

  it('keeps the local close date even when the contract starts elsewhere', () => {
    const contract = contractOf(deal({ closedate: '2026-03-31T23:30:00Z', cs_contract_start: '2026-05-01' }), {
      timeZone: 'Asia/Tokyo',
    });
    expect(contract).toMatchObject({ closeDate: '2026-04-01', startDate: '2026-05-01' });
  });

  it('uses the default term setting', () => {
    expect(contractOf(deal({}), { defaultTermMonths: 3 }).endDate).toBe('2026-04-15');
  });

  it.each([
    ['unparseable closedate', { closedate: 'last tuesday' }, 'invalid-date'],
    ['impossible start date', { cs_contract_start: '2026-02-30' }, 'invalid-date'],
    ['local time without offset', { closedate: '2026-03-31T23:30:00' }, 'invalid-date'],
    ['end before start', { cs_contract_start: '2026-05-01', cs_contract_end: '2026-04-01' }, 'end-not-after-start'],
    ['end equal to start', { cs_contract_start: '2026-05-01', cs_contract_end: '2026-05-01' }, 'end-not-after-start'],
    ['no start at all', { closedate: null }, 'no-start-date'],
    ['bad term used for the end date', { cs_term_months: '-3' }, 'invalid-term-months'],
  ])('rejects %s', (_name, properties, reason) => {
    expect(dealToContract(deal(properties), options)).toMatchObject({ isContract: false, reason });
  });

  it('ignores a bad term it does not need', () => {
    expect(contractOf(deal({ cs_term_months: 'n/a', cs_contract_end: '2026-06-01' })).endDate).toBe('2026-06-01');
  });
});

describe('dealToContract: stage, company, kind, seats, product', () => {
  it.each([
    ['closedlost', 'not-closed-won'],
    ['appointmentscheduled', 'not-closed-won'],
    ['', 'not-closed-won'],
  ])('stage %j is not a contract', (dealstage, reason) => {
    expect(dealToContract(deal({ dealstage }), options)).toMatchObject({ isContract: false, reason });
  });

  it('accepts a custom pipeline closed-won stage', () => {
    expect(contractOf(deal({ dealstage: '9911' })).dealId).toBe('d1');
  });

  it('uses the first (primary) company', () => {
    expect(contractOf(deal({}, ['primary', 'other'])).companyId).toBe('primary');
  });

  it('needs a company', () => {
    expect(dealToContract(deal({}, []), options)).toMatchObject({ isContract: false, reason: 'no-company' });
  });

  it.each([
    [{ cs_deal_kind: 'cross_sell', dealtype: 'newbusiness' }, 'cross_sell'],
    [{ cs_deal_kind: 'Renewal' }, 'renewal'],
    [{ cs_deal_kind: 'downgrade' }, 'downgrade'],
    [{ dealtype: 'newbusiness' }, 'new'],
    [{ dealtype: 'existingbusiness' }, 'upsell'],
    [{ dealtype: 'somethingelse' }, 'new'],
    [{ cs_deal_kind: '', dealtype: 'existingbusiness' }, 'upsell'],
    [{}, 'new'],
  ])('kind from %j is %s', (properties, kind) => {
    expect(contractOf(deal(properties)).kind).toBe(kind);
  });

  it('rejects an unknown cs_deal_kind', () => {
    expect(dealToContract(deal({ cs_deal_kind: 'expansion' }), options)).toMatchObject({
      isContract: false,
      reason: 'invalid-deal-kind',
    });
  });

  it.each([
    [{}, null],
    [{ cs_seats: '25' }, 25],
    [{ cs_seats: '0' }, 0],
    [{ cs_seats: '' }, null],
  ])('seats from %j', (properties, seats) => {
    expect(contractOf(deal(properties)).seats).toBe(seats);
  });

  it.each([['-1'], ['2.5'], ['many']])('rejects seats %s', (cs_seats) => {
    expect(dealToContract(deal({ cs_seats }), options)).toMatchObject({ isContract: false, reason: 'invalid-seats' });
  });

  it('defaults the product to core', () => {
    expect(contractOf(deal({})).product).toBe('core');
    expect(contractOf(deal({ cs_product: 'analytics' })).product).toBe('analytics');
  });

  it('rejects an unknown time zone option', () => {
    expect(() => dealToContract(deal({}), { ...options, timeZone: 'Mars/Olympus' })).toThrow();
  });
});
