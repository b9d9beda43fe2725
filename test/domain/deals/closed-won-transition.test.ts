import { describe, expect, it } from 'vitest';
import { enteredClosedWon, type DealStageBefore } from '../../../src/domain/deals/closed-won-transition';

const won = new Set(['closedwon', 'won-renewal']);
const stored = (stageId: string | null, archived = false): DealStageBefore => ({ stageId, archived });

describe('enteredClosedWon', () => {
  it.each<[string, string | null, DealStageBefore | undefined, boolean, boolean]>([
    ['moved from an open stage into closed won', 'closedwon', stored('qualified'), true, true],
    ['already closed won (no new hand-off)', 'closedwon', stored('closedwon'), true, false],
    ['moved between two closed-won stages', 'won-renewal', stored('closedwon'), true, false],
    ['restored after removal, closed won', 'closedwon', stored('closedwon', true), true, true],
    ['stored without a stage before', 'closedwon', stored(null), true, true],
    ['left closed won', 'qualified', stored('closedwon'), true, false],
    ['has no stage now', null, stored('qualified'), true, false],
    ['new deal already closed won, reported by HubSpot', 'closedwon', undefined, true, true],
    ['new deal already closed won, seen by the first full sync', 'closedwon', undefined, false, false],
    ['new open deal', 'qualified', undefined, true, false],
    ['stored deal whatever the first-sync flag', 'closedwon', stored('qualified'), false, true],
  ])('a deal that %s', (_case, stageId, before, unseenDealsCount, expected) => {
    expect(enteredClosedWon(stageId, before, won, unseenDealsCount)).toBe(expected);
  });
});
