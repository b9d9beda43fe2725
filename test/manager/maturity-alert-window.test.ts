import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { loadTeamActivity } from '../../src/db/repositories/manager-portfolio-repository';
import { cardActions, companies, healthScores, portals } from '../../src/db/schema';
import { defaultMaturitySettings } from '../../src/domain/maturity';
import {
  loadManagerPortfolio,
  managerPortfolioQuerySchema,
} from '../../src/services/manager/manager-portfolio-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { present } from '../support/present';

const portalId = 733;
// Days are the portal's local days: an action at 23:59:59 Berlin time is on that day, one second later on the next.
const timeZone = 'Europe/Berlin';
const firstDay = '2026-11-01';
const lastDay = '2026-11-30';
const days = defaultMaturitySettings.alertActionDays;

interface Case {
  readonly companyId: string;
  readonly firstAlert: string;
  /** When a CSM acted (an instant), or null. */
  readonly actedAt: string | null;
}

// 7 days after 2 November is 9 November; 23 November is 7 days before the window's last day.
const cases: readonly Case[] = [
  { companyId: 'day-n', firstAlert: '2026-11-02', actedAt: '2026-11-09T23:59:59+01:00' },
  { companyId: 'day-n-plus-1s', firstAlert: '2026-11-02', actedAt: '2026-11-10T00:00:00+01:00' },
  { companyId: 'before-alert', firstAlert: '2026-11-02', actedAt: '2026-11-01T23:59:59+01:00' },
  { companyId: 'had-its-days', firstAlert: '2026-11-23', actedAt: null },
  { companyId: 'recent-idle', firstAlert: '2026-11-24', actedAt: null },
  { companyId: 'recent-acted', firstAlert: '2026-11-24', actedAt: '2026-11-24T09:00:00+01:00' },
];

async function seed(handle: DatabaseHandle, only: readonly string[]): Promise<void> {
  const chosen = cases.filter((entry) => only.includes(entry.companyId));
  await handle.db.delete(cardActions);
  await handle.db.delete(healthScores);
  for (const entry of chosen) {
    await handle.db.insert(healthScores).values({
      portalId,
      companyId: entry.companyId,
      scoreDate: entry.firstAlert,
      score: 30,
      band: 'red',
      explanation: {},
      alerts: [{ kind: 'band_red' }],
    });
    if (entry.actedAt !== null)
      await handle.db.insert(cardActions).values({
        portalId,
        id: `action-${entry.companyId}`,
        companyId: entry.companyId,
        action: 'set_stage',
        subject: 'adoption',
        actor: 'test',
        createdAt: new Date(entry.actedAt),
      });
  }
}

describe.each(databaseTargets)('the alert action window of the maturity stage on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.insert(portals).values({ id: portalId, name: 'Maturity edges', timeZone, currency: 'EUR' });
    await handle.db
      .insert(companies)
      .values(cases.map((entry) => ({ portalId, id: entry.companyId, name: entry.companyId })));
  });
  afterAll(async () => ifStarted(handle)?.close());

  async function alerts(only: readonly string[], actionDays = days) {
    await seed(handle, only);
    const activity = await loadTeamActivity(handle.db, portalId, firstDay, lastDay, timeZone, actionDays);
    return { alertedCompanies: activity.alertedCompanies, actedOn: activity.actedOn };
  }

  it.each([
    ['an action on the last local second of day N counts', 'day-n', { alertedCompanies: 1, actedOn: 1 }],
    ['an action one second later, on day N + 1, does not', 'day-n-plus-1s', { alertedCompanies: 1, actedOn: 0 }],
    ['an action the day before the first alert does not', 'before-alert', { alertedCompanies: 1, actedOn: 0 }],
    [
      'a company first alerted N days before the last day counts, unacted',
      'had-its-days',
      { alertedCompanies: 1, actedOn: 0 },
    ],
    [
      'one first alerted N - 1 days before the last day, unacted, is left out',
      'recent-idle',
      { alertedCompanies: 0, actedOn: 0 },
    ],
    ['the same company counts once a CSM acted on it', 'recent-acted', { alertedCompanies: 1, actedOn: 1 }],
  ] as const)('%s', async (_name, companyId, expected) => {
    expect(await alerts([companyId])).toEqual(expected);
  });

  it('counts every company once, whichever side of the edges it is on', async () => {
    expect(await alerts(cases.map((entry) => entry.companyId))).toEqual({ alertedCompanies: 5, actedOn: 2 });
  });

  it('moves both edges with the alertActionDays setting', async () => {
    // With 8 days, day N + 1 is inside and the company first alerted 7 days before the last day has not had its 8 yet.
    expect(await alerts(['day-n-plus-1s'], days + 1)).toEqual({ alertedCompanies: 1, actedOn: 1 });
    expect(await alerts(['had-its-days'], days + 1)).toEqual({ alertedCompanies: 0, actedOn: 0 });
  });

  it('takes the window from the stored maturity settings in the manager view', async () => {
    await seed(handle, ['day-n-plus-1s']);
    const criterion = async () => {
      const view = await loadManagerPortfolio(handle.db, {
        portal: present(await handle.db.query.portals.findFirst(), 'the portal'),
        asOf: lastDay,
        query: managerPortfolioQuerySchema.parse({ from: '2026-11', to: '2026-11' }),
      });
      return view.maturity.criteria.find((item) => item.key === 'alerts_acted_on');
    };
    expect(await criterion()).toMatchObject({ label: 'Data-driven alerts are acted on within 7 days', met: false });
    const stored = await changeSettings(handle.db, portalId, 'maturity', { alertActionDays: 8 }, 'test');
    expect(stored.stored).toBe(true);
    expect(await criterion()).toMatchObject({ label: 'Data-driven alerts are acted on within 8 days', met: true });
    const typo = await changeSettings(handle.db, portalId, 'maturity', { alertActionDay: 8 }, 'test');
    expect(typo).toMatchObject({ stored: false, problems: [{ field: 'alertActionDay', message: 'no such setting' }] });
    await changeSettings(handle.db, portalId, 'maturity', {}, 'test');
  });
});
