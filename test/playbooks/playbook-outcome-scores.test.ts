import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listRunsOfPlaybook, openNewRuns } from '../../src/db/repositories/playbook-runs-repository';
import { playbookDefinitionSchema } from '../../src/domain/playbooks/playbook-schema';
import { addDays } from '../../src/domain/time/calendar-date';
import { createPlaybook } from '../../src/services/playbooks/playbook-definitions';
import { playbookRunOutcomes, runOutcome } from '../../src/services/playbooks/playbook-outcomes';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 4_401;
const firstDay = '2026-01-01';
const days = 180;

// A small deterministic generator: the same portfolio on every run and database.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Band = 'red' | 'yellow' | 'green';
const bandOf = (score: number): Band => (score < 40 ? 'red' : score < 70 ? 'yellow' : 'green');

// The outcome report reads only the days a run is measured on; the reference is every stored day of the company, as
// runOutcome is defined on. Scores are stored on about two days in three, with gaps longer than the 7-day tolerance,
// and companies have up to three runs, some on the same day.
describe.each(databaseTargets)('playbook outcomes from stored scores on $name', (target) => {
  let handle: DatabaseHandle;
  let playbookId: string;
  const stored = new Map<string, Map<string, { score: number; band: Band }>>();

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'outcomes', 'UTC')`);
    const definition = playbookDefinitionSchema.parse({
      name: 'Everyone',
      trigger: { kind: 'entered_red' },
      steps: [{ kind: 'task', subject: 'Call {{company}}', body: '{{evidence}}' }],
    });
    playbookId = (await createPlaybook(handle.db, portalId, definition, 'test')).id;
    const next = random(7);
    const rows: string[] = [];
    for (let company = 0; company < 40; company += 1) {
      const companyId = `c${company}`;
      const scores = new Map<string, { score: number; band: Band }>();
      const gapStart = Math.floor(next() * days);
      for (let day = 0; day < days; day += 1) {
        if (next() < 0.35 || (day >= gapStart && day < gapStart + 12)) continue;
        const score = Math.floor(next() * 100);
        const date = addDays(firstDay, day);
        scores.set(date, { score, band: bandOf(score) });
        rows.push(`(${portalId}, '${companyId}', '${date}', ${score}, '${bandOf(score)}', '{}')`);
      }
      stored.set(companyId, scores);
    }
    await handle.db.execute(
      sql.raw(
        `insert into health_scores (portal_id, company_id, score_date, score, band, explanation) values ${rows.join(', ')}`,
      ),
    );
    const runs = [];
    for (let company = 0; company < 40; company += 1) {
      const count = 1 + Math.floor(next() * 3);
      for (let run = 0; run < count; run += 1) {
        const openedOn = addDays(firstDay, Math.floor(next() * (days - 20)));
        runs.push({
          run: {
            portalId,
            id: `${playbookId}-${company}-${run}`,
            playbookId,
            companyId: `c${company}`,
            // One open run per company and playbook: the others are closed ones.
            status: run === 0 ? ('open' as const) : ('closed' as const),
            closedOn: run === 0 ? null : openedOn,
            closeReason: run === 0 ? null : ('expired' as const),
            heldOut: next() < 0.3,
            openedOn,
            scoreAtOpen: Math.floor(next() * 100),
            evidence: {},
          },
          steps: [],
        });
      }
    }
    await openNewRuns(handle.db, runs);
  }, 60_000);
  afterAll(async () => ifStarted(handle)?.close());

  it.each(['2026-03-15', '2026-05-20', '2026-07-15'])(
    'measures every run as every stored day would, as of %s',
    async (asOf) => {
      const runs = await listRunsOfPlaybook(handle.db, portalId, playbookId);
      expect(runs.length).toBeGreaterThan(60);
      const measured = await playbookRunOutcomes(handle.db, portalId, playbookId, asOf);
      const expected = runs.map((run) => {
        // What was stored by `asOf`: a report never sees later days.
        const known = new Map([...(stored.get(run.companyId) ?? new Map())].filter(([day]) => day <= asOf));
        return runOutcome(run, known, asOf).metrics;
      });
      expect(measured.map((outcome) => outcome.metrics)).toEqual(expected);
      // Not vacuous: some runs have each measure, some do not.
      for (const metric of ['healthChange30', 'healthChange90', 'recovered30'] as const) {
        expect(measured.some((outcome) => outcome.metrics[metric] !== null)).toBe(
          asOf > '2026-03-15' || metric !== 'healthChange90',
        );
        expect(measured.some((outcome) => outcome.metrics[metric] === null)).toBe(true);
      }
    },
  );
});
