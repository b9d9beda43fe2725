import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDueInstant, localTimeToInstant } from '../../src/domain/handoff/business-days';
import { chooseCsm } from '../../src/domain/handoff/csm-assignment';
import { defaultHandoffSettings, handoffSettingsSchema } from '../../src/domain/handoff/handoff-settings';
import { missingDealFields } from '../../src/domain/handoff/required-fields';

const weekend = [0, 6];

describe('business days', () => {
  it.each([
    ['2026-03-06', 1, '2026-03-09'], // Friday -> Monday
    ['2026-03-07', 1, '2026-03-09'], // Saturday -> Monday
    ['2026-03-09', 1, '2026-03-10'],
    ['2026-03-09', 5, '2026-03-16'],
    ['2026-03-07', 0, '2026-03-09'],
    ['2026-03-10', 0, '2026-03-10'],
  ])('%s + %i business days = %s', (from, days, expected) => {
    expect(addBusinessDays(from, days, weekend)).toBe(expected);
  });

  it('turns a local time into the instant in the portal zone, across DST changes', () => {
    expect(new Date(localTimeToInstant('2026-03-06', '17:00', 'America/New_York')).toISOString()).toBe(
      '2026-03-06T22:00:00.000Z',
    );
    expect(new Date(localTimeToInstant('2026-03-09', '17:00', 'America/New_York')).toISOString()).toBe(
      '2026-03-09T21:00:00.000Z',
    );
    expect(new Date(localTimeToInstant('2026-03-09', '09:00', 'Asia/Tokyo')).toISOString()).toBe(
      '2026-03-09T00:00:00.000Z',
    );
    expect(new Date(localTimeToInstant('2026-03-08', '02:30', 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('counts business days from the local date, not the UTC date', () => {
    // Thursday 23:30 in New York is already Friday in UTC: the task is due Friday, not Monday.
    const { dueDate } = businessDueInstant(
      Date.parse('2026-03-06T04:30:00Z'),
      'America/New_York',
      defaultHandoffSettings(),
    );
    expect(dueDate).toBe('2026-03-06');
  });

  it('refuses a week without business days', () => {
    expect(handoffSettingsSchema.safeParse({ weekendDays: [0, 1, 2, 3, 4, 5, 6] }).success).toBe(false);
  });
});

describe('required deal fields', () => {
  const all = defaultHandoffSettings().requiredDealFields;
  it('reads each field like the contract rules do', () => {
    expect(
      missingDealFields(
        { cs_mrr: '500', cs_contract_start: '2026-03-01', cs_seats: '3', cs_product: 'core' },
        all,
        'UTC',
      ),
    ).toEqual([]);
    const missing = missingDealFields({ amount: '', cs_contract_start: 'soon', cs_seats: '2.5' }, all, 'UTC');
    expect(missing.map((field) => [field.field, field.problem])).toEqual([
      ['amount', 'missing'],
      ['contract_start', 'invalid'],
      ['seats', 'invalid'],
      ['product', 'missing'],
    ]);
  });
});

describe('CSM choice', () => {
  const settings = { csmOwnerIds: ['2', '10', '3'], csmOwnerIdsByTouchModel: {} };
  const base = {
    companyOwnerId: null,
    touchModel: 'low_touch' as const,
    activeOwnerIds: ['1', '2', '3', '10'],
    settings,
  };

  it('picks the least loaded CSM, the lowest id on a tie, never an archived owner', () => {
    expect(
      chooseCsm({
        ...base,
        loads: new Map([
          ['2', 4],
          ['3', 1],
          ['10', 1],
        ]),
      })?.ownerId,
    ).toBe('3');
    expect(
      chooseCsm({
        ...base,
        loads: new Map([
          ['2', 4],
          ['3', 2],
          ['10', 1],
        ]),
      })?.ownerId,
    ).toBe('10');
    expect(chooseCsm({ ...base, activeOwnerIds: ['1', '2'], loads: new Map([['2', 9]]) })?.ownerId).toBe('2');
    expect(chooseCsm({ ...base, activeOwnerIds: ['1'], loads: new Map() })).toBeNull();
  });

  it('keeps the company owner only when they are on the CS team', () => {
    expect(chooseCsm({ ...base, companyOwnerId: '10', loads: new Map([['10', 50]]) })).toMatchObject({
      ownerId: '10',
      reason: 'company_owner_is_csm',
    });
    expect(chooseCsm({ ...base, companyOwnerId: '1', loads: new Map() })).toMatchObject({
      ownerId: '2',
      reason: 'least_loaded_csm',
    });
  });

  it('without a list, takes the HubSpot CS team; without that team, every active owner', () => {
    const open = { ...base, settings: { csmOwnerIds: [], csmOwnerIdsByTouchModel: {} } };
    const byTeam = chooseCsm({
      ...open,
      companyOwnerId: '1',
      teamOwnerIds: ['3', '10', '99'],
      loads: new Map([['3', 2]]),
    });
    expect(byTeam).toMatchObject({ ownerId: '10', reason: 'least_loaded_csm' });
    expect(byTeam?.detail).toContain('the HubSpot CS team');
    expect(chooseCsm({ ...open, companyOwnerId: '3', teamOwnerIds: ['3'], loads: new Map() })).toMatchObject({
      ownerId: '3',
      reason: 'company_owner_is_csm',
    });
    const nobodyInTeam = chooseCsm({ ...open, companyOwnerId: '1', teamOwnerIds: ['99'], loads: new Map() });
    expect(nobodyInTeam).toMatchObject({ ownerId: '1', reason: 'company_owner_is_csm' });
    expect(nobodyInTeam?.detail).toContain('every owner is eligible');
  });
});

describe('hand-off settings from the environment', () => {
  it('reads the CSM list, the required fields and the owner switch, naming a bad value', async () => {
    const { parseEnv, ConfigError } = await import('../../src/config/env');
    const { handoffSettingsFromEnv } = await import('../../src/services/handoff/handoff-env-settings');
    const env = parseEnv({
      CS_CSM_OWNER_IDS: '201, 202',
      CS_CSM_TEAM: 'Success',
      CS_HANDOFF_REQUIRED_FIELDS: 'amount,seats',
      CS_HANDOFF_SET_COMPANY_OWNER: 'true',
    });
    expect(handoffSettingsSchema.parse(handoffSettingsFromEnv(env))).toMatchObject({
      csmOwnerIds: ['201', '202'],
      csmTeamName: 'Success',
      requiredDealFields: ['amount', 'seats'],
      setCompanyOwner: true,
    });
    expect(handoffSettingsSchema.parse(handoffSettingsFromEnv(parseEnv({})))).toEqual(defaultHandoffSettings());
    expect(() => parseEnv({ CS_HANDOFF_REQUIRED_FIELDS: 'amount,colour' })).toThrow(ConfigError);
    expect(() => parseEnv({ CS_HANDOFF_REQUIRED_FIELDS: 'amount,colour' })).toThrow(/CS_HANDOFF_REQUIRED_FIELDS/);
  });
});
