import { ServiceError } from '../service-error';
import {
  normalizeUsageEvent,
  usageEventInputSchema,
  validateEach,
  type EventProblem,
} from '../../domain/usage/usage-event';
import { fastUsageEventInput } from '../../domain/usage/usage-event-fast-check';
import { ingestEvents, type IngestionTarget, type IngestResult } from './ingest-events';

export type BatchResult = IngestResult & { accepted: number[]; rejected: (EventProblem & { field: string })[] };

/** One 400 naming every bad item by its index and field (`events[3].timestamp`), or by field alone for a single message. */
export function problemsToError(problems: readonly EventProblem[], list: string | null, where: string): ServiceError {
  const fields = problems.map((problem) => ({
    field: list === null ? problem.field : `${list}[${problem.index}].${problem.field}`,
    message: problem.message,
  }));
  const summary = fields
    .slice(0, 5)
    .map((field) => `${field.field}: ${field.message}`)
    .join('; ');
  return new ServiceError(
    'validation_failed',
    `Invalid ${where}: ${summary}${fields.length > 5 ? ` (and ${fields.length - 5} more)` : ''}`,
    { fields },
  );
}

/** All or nothing unless `partial`: then the valid events are stored and the response names what was accepted. */
export async function ingestUsageBatch(
  target: IngestionTarget,
  items: readonly unknown[],
  options: { partial: boolean; now?: number },
): Promise<BatchResult> {
  const { events, problems } = validateEach(
    items,
    usageEventInputSchema,
    normalizeUsageEvent,
    { now: options.now ?? Date.now(), futureToleranceHours: target.settings.futureToleranceHours },
    fastUsageEventInput,
  );
  if (problems.length > 0 && !options.partial) throw problemsToError(problems, 'events', 'events');
  const result = await ingestEvents(
    target,
    events.map((item) => item.event),
  );
  return {
    ...result,
    accepted: events.map((item) => item.index),
    rejected: problems.map((problem) => ({ ...problem, field: `events[${problem.index}].${problem.field}` })),
  };
}
