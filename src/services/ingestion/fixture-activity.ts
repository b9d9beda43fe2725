import { createHash } from 'node:crypto';
import type { Database } from '../../db/client';
import { refreshPlannerStatistics, usageTables } from '../../db/repositories/planner-statistics-repository';
import type { MatchedEventRow } from '../../db/repositories/ingestion-events-repository';
import {
  insertSurveyResponses,
  type SurveyResponseRow,
  type UsageEventRow,
} from '../../db/repositories/usage-events-repository';
import { defaultIngestionSettings } from '../../domain/usage/ingestion-settings';
import { storeMatched } from './ingest-events';

/**
 * The recorded activity a demo portfolio brings along, in the shape the service needs; the sandbox's fixture
 * has it (the CLI and the tests pass one), so this layer never imports the stand-in.
 */
export interface RecordedActivity {
  readonly portal: { readonly id: number; readonly timeZone: string };
  readonly usageEvents: readonly {
    readonly companyId: string;
    readonly userId: string;
    readonly event: string;
    readonly timestamp: string;
    readonly sessionId?: string | undefined;
    readonly durationSeconds?: number | undefined;
  }[];
  readonly surveys: readonly {
    readonly companyId: string;
    readonly kind: 'nps' | 'csat';
    readonly score: number;
    readonly submittedAt: string;
    readonly contactId?: string | undefined;
  }[];
}

function digest(fields: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

/**
 * Ids derived from a record's fields, so loading a fixture twice stores nothing new; identical records
 * get their occurrence number too, because a fixture listing a survey answer twice means two answers.
 */
function deterministicIds(records: readonly (readonly unknown[])[], prefix: string): string[] {
  const seen = new Map<string, number>();
  return records.map((fields) => {
    const base = digest(fields);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return `${prefix}-${base}${occurrence === 0 ? '' : `-${occurrence}`}`;
  });
}

export function fixtureUsageEventRows(fixture: RecordedActivity): UsageEventRow[] {
  const fields = fixture.usageEvents.map((event) => [
    event.companyId,
    event.userId,
    event.event,
    event.timestamp,
    event.sessionId ?? null,
    event.durationSeconds ?? null,
  ]);
  const ids = deterministicIds(fields, 'fixture');
  return fixture.usageEvents.map((event, index) => ({
    portalId: fixture.portal.id,
    messageId: ids[index] ?? '',
    companyId: event.companyId,
    userId: event.userId,
    event: event.event,
    occurredAt: new Date(event.timestamp),
    sessionId: event.sessionId ?? null,
    // The table keeps whole seconds.
    durationSeconds: event.durationSeconds === undefined ? null : Math.round(event.durationSeconds),
  }));
}

export function fixtureSurveyRows(fixture: RecordedActivity): SurveyResponseRow[] {
  const fields = fixture.surveys.map((survey) => [
    survey.companyId,
    survey.kind,
    survey.score,
    survey.submittedAt,
    survey.contactId ?? null,
  ]);
  const ids = deterministicIds(fields, 'fixture');
  return fixture.surveys.map((survey, index) => ({
    portalId: fixture.portal.id,
    id: ids[index] ?? '',
    companyId: survey.companyId,
    contactId: survey.contactId ?? null,
    kind: survey.kind,
    score: survey.score,
    submittedAt: new Date(survey.submittedAt),
    source: 'fixture',
  }));
}

const batchEvents = 2_000;

/**
 * Stores the fixture's usage events through ingestion's own path (so the daily active users and the
 * sessions it maintains exist too, split with its default rules) and the survey answers as it would.
 */
export async function loadFixtureActivity(
  db: Database,
  fixture: RecordedActivity,
  onProgress?: (eventsDone: number, eventsTotal: number) => void,
): Promise<{ usageEvents: number; surveys: number }> {
  const target = {
    db,
    portalId: fixture.portal.id,
    timeZone: fixture.portal.timeZone,
    settings: defaultIngestionSettings,
  };
  const rows = fixtureUsageEventRows(fixture);
  let usageEvents = 0;
  for (let start = 0; start < rows.length; start += batchEvents) {
    const matched: MatchedEventRow[] = rows.slice(start, start + batchEvents).map((row) => ({
      messageId: row.messageId,
      companyId: row.companyId,
      userId: row.userId,
      event: row.event,
      occurredAt: row.occurredAt.getTime(),
      sessionId: row.sessionId ?? null,
      durationSeconds: row.durationSeconds ?? null,
      properties: {},
    }));
    usageEvents += await db.transaction((transaction) => storeMatched(transaction, target, matched));
    onProgress?.(Math.min(start + batchEvents, rows.length), rows.length);
  }
  const surveys = await insertSurveyResponses(db, fixtureSurveyRows(fixture));
  await refreshPlannerStatistics(db, usageTables);
  return { usageEvents, surveys };
}
