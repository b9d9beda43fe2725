import { describe, expect, it } from 'vitest';
import { chunks } from '../../src/domain/collections/chunks';
import { roundTo } from '../../src/domain/numbers/round-to';
import { escapeHtml } from '../../src/domain/text/escape-html';
import { inWords } from '../../src/domain/text/in-words';

describe('escapeHtml', () => {
  it('escapes the five characters that can end an element or either kind of quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });
});

describe('inWords', () => {
  it.each([
    ['COMPUTER_SOFTWARE', 'Computer software'],
    ['seatUtilization', 'Seat utilization'],
    ['audit.log', 'Audit log'],
    ['', ''],
  ])('%s -> %s', (key, words) => {
    expect(inWords(key)).toBe(words);
  });
});

describe('roundTo', () => {
  it.each([
    [12.345, 1, 12.3],
    [12.35, 1, 12.4],
    [0.123456, 4, 0.1235],
    [-2.5, 0, -2],
  ])('%d to %d decimals is %d', (value, digits, rounded) => {
    expect(roundTo(value, digits)).toBe(rounded);
  });
});

describe('chunks', () => {
  it('slices in order, the last slice shorter', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it('refuses a size that would never advance', () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});
