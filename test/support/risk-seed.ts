import type { DatabaseHandle } from '../../src/db/client';
import { companies, contracts, owners, portals, surveyResponses, usageDailyActiveUsers } from '../../src/db/schema';
import { generateChurnHistories } from '../../src/cli/churn-history';

const rowsPerInsert = 500;

async function insertAll<Row>(rows: readonly Row[], insert: (chunk: Row[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerInsert)
    await insert(rows.slice(start, start + rowsPerInsert));
}

/**
 * Generated customers with a known churn process, stored as a sync and ingestion would leave them: contracts, NPS
 * answers, usage for the 60 days before `asOf`, and each company with one of two owners and one of two segments.
 */
export async function seedChurnPortfolio(
  handle: DatabaseHandle,
  portalId: number,
  companyCount: number,
  asOf: string,
): Promise<void> {
  const histories = generateChurnHistories({ asOf, companies: companyCount, seed: portalId });
  await handle.db.insert(portals).values({ id: portalId, timeZone: 'UTC', currency: 'USD' });
  await handle.db.insert(owners).values([
    { portalId, id: '1', firstName: 'Aiko', lastName: 'Sato', email: 'aiko@example.com' },
    { portalId, id: '2', firstName: 'Ben', lastName: 'Ito', email: 'ben@example.com' },
  ]);
  await insertAll(
    histories.map((history, index) => ({
      portalId,
      id: history.companyId,
      name: `Customer ${index}`,
      ownerId: String((index % 2) + 1),
      tier: index % 3 === 0 ? 'enterprise' : 'smb',
    })),
    (chunk) => handle.db.insert(companies).values(chunk),
  );
  await insertAll(
    histories.flatMap((history) => history.contracts.map((contract) => ({ portalId, ...contract }))),
    (chunk) => handle.db.insert(contracts).values(chunk),
  );
  await insertAll(
    histories.flatMap((history) =>
      history.surveys.map((survey, index) => ({
        portalId,
        id: `${history.companyId}-${index}`,
        companyId: history.companyId,
        kind: survey.kind,
        score: survey.score,
        submittedAt: new Date(`${survey.submittedOn}T12:00:00Z`),
      })),
    ),
    (chunk) => handle.db.insert(surveyResponses).values(chunk),
  );
  const usageFrom = new Date(Date.parse(`${asOf}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 10);
  await insertAll(
    histories.flatMap((history) =>
      history.usageDays
        .filter((day) => day.day >= usageFrom)
        .flatMap((day) =>
          day.users.map((userId) => ({ portalId, companyId: history.companyId, day: day.day, userId, eventCount: 1 })),
        ),
    ),
    (chunk) => handle.db.insert(usageDailyActiveUsers).values(chunk),
  );
}
