import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { serverPoolOf } from '../../src/db/copy-rows';
import type { HealthScoreRow } from '../../src/db/repositories/customer-success-health-repository';
import { replaceHealthScoresOfDay } from '../../src/db/repositories/health-score-writes-repository';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { rowsOf } from '../support/sql-rows';

// On a Postgres server a day's health scores go in with COPY: every character survives COPY's text format, and a
// failure at any point leaves the day as it was.
const postgres = databaseTargets.filter((target) => target.name === 'postgres');
const portalId = 5_501;
const day = '2026-11-30';
const awkward = 'tab\there, line\nbreak, return\r, back\\slash \\N, "quote", ünïcødé ✓, emoji 🙂';

const score = (companyId: string, value: number, note = ''): HealthScoreRow => ({
  portalId,
  companyId,
  scoreDate: day,
  score: value,
  band: 'yellow',
  stage: null,
  explanation: {
    score: value,
    note,
    components: [{ component: 'commercial', score: value, raw: { daysToRenewal: 9.5 } }],
  },
  alerts: [{ kind: 'note', label: note }],
  suggestions: {},
});

describe.runIf(postgres.length > 0).each(postgres)('a day of health scores written with COPY on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  const storedDay = async () =>
    rowsOf<{
      company_id: string;
      score: number;
      stage: string | null;
      explanation: { note: string };
      alerts: unknown;
      days_to_renewal: number;
    }>(
      await handle.db
        .execute(sql`select company_id, score, stage, explanation, alerts, days_to_renewal from health_scores
        where portal_id = ${portalId} and score_date = ${day}::date order by company_id`),
    );

  it('goes through the server pool and keeps every character of ids and documents', async () => {
    expect(serverPoolOf(handle.db)).toBeDefined();
    await replaceHealthScoresOfDay(handle.db, { portalId, scoreDate: day }, [
      [score(awkward, 40, awkward)],
      [score('plain', 60)],
    ]);
    const rows = await storedDay();
    expect(
      rows.map((row) => [row.company_id, row.score, row.stage, row.explanation.note, row.days_to_renewal]),
    ).toEqual([
      ['plain', 60, null, '', 10],
      [awkward, 40, null, awkward, 10],
    ]);
    expect(rows[1]?.alerts).toEqual([{ kind: 'note', label: awkward }]);
  });

  it('replaces the whole day on a second run, companies no longer scored included', async () => {
    await replaceHealthScoresOfDay(handle.db, { portalId, scoreDate: day }, [[score('plain', 61)]]);
    expect((await storedDay()).map((row) => [row.company_id, row.score])).toEqual([['plain', 61]]);
  });

  it('leaves the day as it was when scoring fails midway, and the pool keeps working', async () => {
    function* failing() {
      yield [score('a', 10), score('b', 20)];
      throw new Error('scoring failed');
    }
    await expect(replaceHealthScoresOfDay(handle.db, { portalId, scoreDate: day }, failing())).rejects.toThrow(
      'scoring failed',
    );
    expect((await storedDay()).map((row) => [row.company_id, row.score])).toEqual([['plain', 61]]);
    await handle.db.execute(sql`select 1`);
  });

  it('leaves the day as it was when the server refuses a row', async () => {
    const twice = [[score('a', 10)], [score('a', 11)]];
    await expect(replaceHealthScoresOfDay(handle.db, { portalId, scoreDate: day }, twice)).rejects.toThrow(
      /duplicate key/,
    );
    expect((await storedDay()).map((row) => [row.company_id, row.score])).toEqual([['plain', 61]]);
  });

  it('refuses a row of another day before writing anything', async () => {
    const other = { ...score('a', 10), scoreDate: '2026-11-29' };
    await expect(replaceHealthScoresOfDay(handle.db, { portalId, scoreDate: day }, [[other]])).rejects.toThrow(
      RangeError,
    );
    expect((await storedDay()).map((row) => [row.company_id, row.score])).toEqual([['plain', 61]]);
  });
});
