import type { z } from 'zod';
import { upsertUserAccounts } from '../../db/repositories/ingestion-pending-repository';
import {
  accountLinkOf,
  segmentGroupSchema,
  segmentIdentifySchema,
  segmentTrackSchema,
  trackToUsageEvent,
} from '../../domain/usage/segment-messages';
import type { EventProblem, NormalizedUsageEvent } from '../../domain/usage/usage-event';
import { ingestEvents, type IngestionTarget, type IngestResult } from './ingest-events';
import { attachPendingEvents } from './pending-events';
import { problemsToError } from './usage-batch';

export type SegmentCall = { type: string; message: unknown };
export type SegmentResult = IngestResult & { linkedUsers: number; ignored: number; attached: number };

function problemsOf(error: z.ZodError, index: number): EventProblem[] {
  return error.issues.map((issue) => ({ index, field: issue.path.join('.') || 'message', message: issue.message }));
}

/**
 * Segment calls, in order: identify/group calls link users to accounts (before the tracks of the same
 * request are resolved), track calls become usage events, other types are accepted and ignored.
 */
export async function ingestSegmentCalls(target: IngestionTarget, calls: readonly SegmentCall[], where: { list: string | null; receivedAt: number }): Promise<SegmentResult> {
  const problems: EventProblem[] = [];
  const events: NormalizedUsageEvent[] = [];
  const links: { userId: string; accountId: string }[] = [];
  let ignored = 0;
  calls.forEach((call, index) => {
    if (call.type === 'track') {
      const parsed = segmentTrackSchema.safeParse(call.message);
      if (parsed.success) events.push(trackToUsageEvent(parsed.data, where.receivedAt));
      else problems.push(...problemsOf(parsed.error, index));
    } else if (call.type === 'identify' || call.type === 'group') {
      const parsed = call.type === 'group' ? segmentGroupSchema.safeParse(call.message) : segmentIdentifySchema.safeParse(call.message);
      if (!parsed.success) problems.push(...problemsOf(parsed.error, index));
      else {
        const link = accountLinkOf(parsed.data);
        if (link) links.push(link);
      }
    } else {
      ignored += 1;
    }
  });
  if (problems.length > 0) {
    throw problemsToError(problems, where.list, where.list ?? 'message');
  }
  await upsertUserAccounts(target.db, target.portalId, links);
  const result = await ingestEvents(target, events);
  const attached = links.length > 0 ? await attachPendingEvents(target.db, target.portalId, target.settings, links.map((link) => link.userId)) : 0;
  return { ...result, linkedUsers: links.length, ignored, attached };
}
