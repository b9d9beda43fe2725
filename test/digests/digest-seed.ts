import type { DatabaseHandle } from '../../src/db/client';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import {
  companies,
  contracts,
  healthScores,
  owners,
  playbookRuns,
  playbookRunSteps,
  playbooks,
  portals,
} from '../../src/db/schema';

function explanation(date: string, score: number, usage: number, sentiment: number) {
  const component = (name: string, points: number) => ({
    component: name,
    raw: {},
    score: points * 2,
    weight: 50,
    effectiveWeightPercent: 50,
    points,
  });
  return {
    asOf: date,
    profile: 'default',
    score,
    band: null,
    components: [component('usage', usage), component('sentiment', sentiment)],
    leftOut: [],
  };
}

/**
 * A portal as the sync and the daily scoring leave it around Sunday 6 December 2026: Aiko owns Acme (green to red
 * on the 6th, usage falling) and a company whose name needs escaping; Dana, in sales, owns Initech (yellow to red),
 * whose CSM assigned at hand-off is Ben, and Hooli, a prospect. Acme has an open playbook run with an overdue task;
 * Acme's contract renews on 20 December.
 */
export async function seedDigestPortal(handle: DatabaseHandle, portalId: number): Promise<void> {
  const { db } = handle;
  await db.insert(portals).values({ id: portalId, name: 'Digests', timeZone: 'UTC', currency: 'EUR' });
  await db.insert(owners).values([
    { portalId, id: '1', firstName: 'Aiko', lastName: 'Sato', email: 'aiko@example.com' },
    { portalId, id: '2', firstName: 'Ben', lastName: 'Ito', email: 'ben@example.com' },
    { portalId, id: '3', firstName: 'Cleo', lastName: 'Idle', email: 'cleo@example.com' },
    { portalId, id: '4', firstName: 'Dana', lastName: 'Sales', email: 'dana@example.com' },
  ]);
  await db.insert(companies).values([
    { portalId, id: '10', name: 'Acme', ownerId: '1' },
    { portalId, id: '11', name: '<script>alert(1)</script> Ltd', ownerId: '1' },
    { portalId, id: '20', name: 'Initech', ownerId: '4' },
    { portalId, id: '30', name: 'Hooli', ownerId: '4' },
  ]);
  await assignCsmAtHandoff(db, portalId, '20', '2');
  const score = (companyId: string, date: string, value: number, band: 'red' | 'yellow' | 'green', usage: number) => ({
    portalId,
    companyId,
    scoreDate: date,
    score: value,
    band,
    explanation: explanation(date, value, usage, 30),
  });
  await db
    .insert(healthScores)
    .values([
      score('10', '2026-12-05', 75, 'green', 45),
      score('10', '2026-12-06', 35, 'red', 5),
      score('11', '2026-12-05', 60, 'yellow', 30),
      score('11', '2026-12-06', 72, 'green', 42),
      score('20', '2026-12-05', 50, 'yellow', 20),
      score('20', '2026-12-06', 30, 'red', 0),
      score('10', '2026-12-07', 30, 'red', 0),
      score('20', '2026-12-07', 45, 'yellow', 15),
    ]);
  await db.insert(playbooks).values({
    portalId,
    id: 'rescue',
    definition: { name: 'Rescue accounts at risk' },
    createdBy: 'test',
    updatedBy: 'test',
  });
  await db.insert(playbookRuns).values({
    portalId,
    id: 'run-1',
    playbookId: 'rescue',
    companyId: '10',
    status: 'open',
    heldOut: false,
    openedOn: '2026-12-06',
    scoreAtOpen: 35,
    evidence: {},
  });
  await db.insert(playbookRunSteps).values({
    portalId,
    runId: 'run-1',
    position: 0,
    kind: 'task',
    state: 'done',
    dueOn: '2026-12-06',
    title: 'Call Acme',
    taskStatus: 'NOT_STARTED',
  });
  await db.insert(contracts).values([
    {
      portalId,
      dealId: 'd1',
      companyId: '10',
      kind: 'new',
      product: 'core',
      mrrMinor: 120_000,
      startDate: '2025-12-20',
      endDate: '2026-12-20',
      closeDate: '2025-12-15',
      seats: 10,
    },
    {
      portalId,
      dealId: 'd2',
      companyId: '20',
      kind: 'new',
      product: 'core',
      mrrMinor: 50_000,
      startDate: '2026-01-10',
      endDate: '2027-01-10',
      closeDate: '2026-01-08',
      seats: 5,
    },
  ]);
}

/** The digest settings both digest tests use: CSMs daily at 8, a manager weekly on Mondays at 8. */
export const digestTestSettings = {
  csm: { cadence: 'daily', hour: 8 },
  manager: { cadence: 'weekly', weekday: 'monday', hour: 8, recipients: ['lead@example.com'] },
  email: { from: 'digest@example.com' },
} as const;
