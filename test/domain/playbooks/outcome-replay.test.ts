import { describe, expect, it } from 'vitest';
import type { PlaybookRunRow } from '../../../src/db/repositories/playbook-runs-repository';
import type { CompanySignals } from '../../../src/domain/playbooks/company-signals';
import { evaluateTrigger } from '../../../src/domain/playbooks/evaluate-trigger';
import { isHeldOut } from '../../../src/domain/playbooks/holdout';
import { outcomeReport } from '../../../src/domain/playbooks/outcome-statistics';
import { addDays } from '../../../src/domain/time/calendar-date';
import { createRandom } from '../../../src/sandbox/demo/random';
import { runOutcome } from '../../../src/services/playbooks/playbook-outcomes';

const start = '2025-01-01';
const days = 365;
const trigger = { kind: 'entered_red' } as const;

function signalsOn(companyId: string, asOf: string, score: number): CompanySignals {
  return {
    companyId,
    name: companyId,
    ownerId: null,
    tier: null,
    industry: null,
    touchModel: null,
    properties: {},
    asOf,
    score,
    band: score < 40 ? 'red' : score < 70 ? 'yellow' : 'green',
    components: {},
    history: [],
    overdueMilestones: [],
    daysToRenewal: null,
    latestNps: null,
    activeUsers: 0,
    seats: null,
    seatUtilizationDays: [],
    daysSinceLastUsage: null,
  };
}

/**
 * Twelve months of a portfolio: companies fall into the red band now and then; a run opens when the
 * playbook's trigger holds (the real trigger and holdout), and a treated company is out of the red within 30
 * days with probability `treatedRecovery`, a held-out one with `holdoutRecovery`.
 */
function replay(treatedRecovery: number, holdoutRecovery: number, seed: number) {
  const random = createRandom(seed);
  const runs: PlaybookRunRow[] = [];
  const scoresByCompany = new Map<string, Map<string, { score: number; band: 'red' | 'yellow' | 'green' }>>();
  for (let company = 0; company < 600; company += 1) {
    const companyId = `c${company}`;
    const scores = new Map<string, { score: number; band: 'red' | 'yellow' | 'green' }>();
    scoresByCompany.set(companyId, scores);
    let redUntil: string | null = null;
    let open: PlaybookRunRow | null = null;
    for (let day = 0; day < days + 120; day += 1) {
      const date = addDays(start, day);
      if (redUntil === null && day < days && random.chance(1 / 90)) {
        // Whether this run will recover is drawn when its arm is known, below; a placeholder keeps it red today.
        redUntil = addDays(date, 1);
      }
      const score = redUntil !== null && date < redUntil ? 30 : 65;
      scores.set(date, { score, band: score < 40 ? 'red' : 'yellow' });
      const evidence = evaluateTrigger(trigger, signalsOn(companyId, date, score));
      if (open !== null && evidence === null) {
        runs.push({ ...open, status: 'closed', closedOn: date, closeReason: 'trigger_cleared' });
        open = null;
      }
      if (open === null && evidence !== null && day < days) {
        const heldOut = isHeldOut('replay', 'playbook-1', companyId, date, 10);
        const recovers = random.chance(heldOut ? holdoutRecovery : treatedRecovery);
        redUntil = addDays(date, recovers ? random.integer(5, 28) : random.integer(35, 60));
        scores.set(date, { score: 30, band: 'red' });
        open = {
          portalId: 1,
          id: `${companyId}:${date}`,
          playbookId: 'playbook-1',
          companyId,
          status: 'open',
          heldOut,
          openedOn: date,
          scoreAtOpen: 30,
          evidence: {},
          closedOn: null,
          closeReason: null,
          createdAt: new Date(),
        };
      }
      if (redUntil !== null && date >= redUntil) redUntil = null;
    }
    if (open !== null) runs.push(open);
  }
  const asOf = addDays(start, days + 119);
  return outcomeReport(runs.map((run) => runOutcome(run, scoresByCompany.get(run.companyId) ?? new Map(), asOf)));
}

describe('playbook outcomes over a replayed year', () => {
  it('recovers a known effect within its 95% interval', () => {
    const report = replay(0.65, 0.4, 7);
    expect(report.months).toHaveLength(12);
    const recovered = report.overall.comparisons.find((comparison) => comparison.metric === 'recovered30');
    expect(recovered?.holdout.runs).toBeGreaterThanOrEqual(100);
    const interval = recovered?.interval95;
    if (!interval) throw new Error('no interval');
    expect(interval[0]).toBeLessThanOrEqual(0.25);
    expect(interval[1]).toBeGreaterThanOrEqual(0.25);
    expect(interval[0]).toBeGreaterThan(0);
    expect(recovered.conclusion).toBe('Treated companies did better than the holdout.');
  });

  it('reports no effect when there is none', () => {
    const report = replay(0.5, 0.5, 8);
    const recovered = report.overall.comparisons.find((comparison) => comparison.metric === 'recovered30');
    const interval = recovered?.interval95;
    if (!interval) throw new Error('no interval');
    expect(interval[0]).toBeLessThanOrEqual(0);
    expect(interval[1]).toBeGreaterThanOrEqual(0);
    expect(recovered.conclusion).toBe('No difference shown: the interval includes zero.');
  });

  it('says plainly when a month has too few runs to conclude', () => {
    const report = replay(0.65, 0.4, 7);
    const month = report.months[0]?.comparisons.find((comparison) => comparison.metric === 'recovered30');
    expect(month?.interval95).toBeNull();
    expect(month?.conclusion).toMatch(/^Too few runs to conclude/);
  });
});
