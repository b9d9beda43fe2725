import { describe, expect, it } from 'vitest';
import { moneyInWords } from '../../../src/domain/text/money-in-words';
import { moneyText } from '../../../src/services/wording/labels';

describe('money in words', () => {
  it('shows cents only when there are some, as the card does', () => {
    expect(moneyInWords(120_000, 'USD', 2)).toBe('$1,200');
    expect(moneyInWords(1_333_650, 'USD', 2)).toBe('$13,336.50');
    expect(moneyInWords(150_000, 'JPY', 0)).toBe('¥150,000');
  });

  it("reads the portal currency's minor units", () => {
    expect(moneyText(211_500, 'USD')).toBe('$2,115');
    expect(moneyText(2_550, 'EUR')).toBe('€25.50');
  });
});
