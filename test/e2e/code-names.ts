import { expect } from 'vitest';

// What a CSM should never read on a screen: service keys and the spec's source names.
const codeNamePatterns: readonly RegExp[] = [
  /\b[a-z]+(?:_[a-z0-9]+)+\b/, // snake_case keys: seat_expansion, on_track
  /\b[a-z]+(?:\.[a-z]+)+\b/, // dotted feature keys: audit.log
  /\b[a-z]+[A-Z][A-Za-z]*\b/, // camelCase keys: latestNps
  /\bpercent\b/i,
  /\bseed\s*\d+/i,
  /\b(?:nps|csat|mrr|arr|nrr|grr)\b/, // abbreviations in lower case come from keys
  /\b(?:red|yellow|green)\b/, // health band keys; a CSM reads at risk, needs attention, healthy
  /\b\d{4}-\d{2}(?:-\d{2})?\b/, // ISO days and months: a CSM reads Dec 6, 2026 and Dec 2026
  /\b\d{4}-Q[1-4]\b/, // quarter keys: a manager reads Q4 2026
  /\bAUC\b/, // a model check's statistic: the screen says what it means
];

/** Fails naming the first code name found in the rendered text, with its line. */
export function expectNoCodeNames(text: string): void {
  for (const line of text.split('\n')) {
    for (const pattern of codeNamePatterns) {
      // E-mail addresses and URLs are what people typed, not code names.
      const words = line.replace(/\S+@\S+|https?:\/\/\S+/g, '');
      expect(pattern.exec(words)?.[0], `code name in "${line.trim()}"`).toBeUndefined();
    }
  }
}
