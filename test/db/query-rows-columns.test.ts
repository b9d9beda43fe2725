import { describe, expect, it } from 'vitest';
import {
  integerColumn,
  jsonColumn,
  nullableIntegerColumn,
  nullableNumberColumn,
  numberRecord,
} from '../../src/db/repositories/query-rows';

// What node-postgres and PGlite hand back for int8, numeric and json columns, and what each reading accepts.
describe('row columns', () => {
  it('reads int8 and numeric as exact integers, null as 0, and refuses anything else', () => {
    expect([
      integerColumn.parse('12'),
      integerColumn.parse(7),
      integerColumn.parse(12n),
      integerColumn.parse(null),
    ]).toEqual([12, 7, 12, 0]);
    for (const bad of ['1.5', '9007199254740993', 'x', true, {}, undefined])
      expect(integerColumn.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(integerColumn.safeParse('1.5').error?.issues[0]?.message).toBe('not a safe integer: 1.5');
  });

  it('keeps null as null in a nullable integer or number column', () => {
    expect(nullableIntegerColumn.parse(null)).toBeNull();
    expect(nullableIntegerColumn.parse('42')).toBe(42);
    expect(nullableIntegerColumn.safeParse(2.5).success).toBe(false);
    expect(nullableNumberColumn.parse(null)).toBeNull();
    expect(nullableNumberColumn.parse('2.75')).toBe(2.75);
    expect(nullableNumberColumn.parse(3)).toBe(3);
    for (const bad of ['abc', false, [], undefined])
      expect(nullableNumberColumn.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('checks an object of numbers in place, from parsed json or json text', () => {
    const scores = { usage: 34, breadth: 90.5 };
    expect(numberRecord.parse(scores)).toBe(scores);
    expect(jsonColumn(numberRecord.nullable()).parse('{"usage": 34}')).toEqual({ usage: 34 });
    expect(jsonColumn(numberRecord.nullable()).parse('null')).toBeNull();
    for (const bad of [{ usage: '34' }, [1, 2], null, 'usage'])
      expect(numberRecord.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
