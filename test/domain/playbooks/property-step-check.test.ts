import { describe, expect, it } from 'vitest';
import { propertyStepProblem, type CompanyPropertyFacts } from '../../../src/domain/playbooks/property-step-check';

function property(type: string, fieldType: string, options: string[] = []): CompanyPropertyFacts {
  return { name: 'p', label: 'Plan', type, fieldType, options, readOnly: false, externalOptions: false };
}

const problemOf = (facts: CompanyPropertyFacts, value: string) => propertyStepProblem(facts, 'p', value)?.message;

describe('a property step checked as HubSpot checks the value', () => {
  it('takes a date as YYYY-MM-DD or epoch milliseconds at midnight UTC, and a datetime as ISO-8601 with its offset', () => {
    const date = property('date', 'date');
    expect(problemOf(date, '2026-03-02')).toBeUndefined();
    expect(problemOf(date, String(Date.UTC(2026, 2, 2)))).toBeUndefined();
    expect(problemOf(date, String(Date.UTC(2026, 2, 2, 9)))).toMatch(/YYYY-MM-DD/);
    const datetime = property('datetime', 'date');
    expect(problemOf(datetime, '2026-03-02T14:30:00+09:00')).toBeUndefined();
    expect(problemOf(datetime, '1772461800000')).toBeUndefined();
    expect(problemOf(datetime, '2026-03-02 14:30')).toMatch(/2026-03-02T14:30:00Z/);
  });

  it('takes several options joined by semicolons for checkboxes only, and leaves owners and pipelines to HubSpot', () => {
    expect(problemOf(property('enumeration', 'checkbox', ['a', 'b']), 'a;b')).toBeUndefined();
    expect(problemOf(property('enumeration', 'select', ['a', 'b']), 'a;b')).toMatch(/"a;b" is not an option of Plan/);
    expect(problemOf({ ...property('enumeration', 'select'), externalOptions: true }, '123')).toBeUndefined();
  });

  it('takes an empty value (it clears the property) and a placeholder (filled per run) whatever the type', () => {
    expect(problemOf(property('number', 'number'), '')).toBeUndefined();
    expect(problemOf(property('number', 'number'), '{{value.score}}')).toBeUndefined();
    expect(problemOf({ ...property('number', 'number'), readOnly: true }, '')).toMatch(/read-only/);
  });
});
