import type { z } from 'zod';
import { instantWindowProblem } from '../../domain/usage/input-limits';
import {
  accountLinkOf,
  segmentCallSchema,
  segmentGroupSchema,
  segmentIdentifySchema,
  segmentTrackSchema,
  trackToUsageEvent,
  type segmentBatchEnvelopeSchema,
} from '../../domain/usage/segment-messages';
import type { EventProblem, NormalizedUsageEvent } from '../../domain/usage/usage-event';
import { ingestEvents, type IngestionTarget, type IngestResult, type UserAccountLink } from './ingest-events';
import { attachPendingEvents } from './pending-events';

export type SegmentCall = { type: string; message: unknown };
export type SegmentResult = IngestResult & {
  linkedUsers: number;
  ignored: number;
  attached: number;
  rejected: EventProblem[];
};

function problemsOf(error: z.ZodError, index: number): EventProblem[] {
  return error.issues.map((issue) => ({ index, field: issue.path.join('.') || 'message', message: issue.message }));
}

type CheckedCalls = {
  events: NormalizedUsageEvent[];
  links: UserAccountLink[];
  ignored: number;
  problems: EventProblem[];
};

/** Each call checked alone: a bad one is a problem naming its index and field, the others go on. */
function checkCalls(
  calls: readonly (SegmentCall | EventProblem[])[],
  target: IngestionTarget,
  receivedAt: number,
): CheckedCalls {
  const checked: CheckedCalls = { events: [], links: [], ignored: 0, problems: [] };
  calls.forEach((call, index) => {
    if (Array.isArray(call)) {
      checked.problems.push(...call);
    } else if (call.type === 'track') {
      const parsed = segmentTrackSchema.safeParse(call.message);
      if (!parsed.success) {
        checked.problems.push(...problemsOf(parsed.error, index));
        return;
      }
      const event = trackToUsageEvent(parsed.data, receivedAt);
      const outside = instantWindowProblem(event.occurredAt, receivedAt, target.settings.futureToleranceHours);
      if (outside === null) checked.events.push(event);
      else checked.problems.push({ index, field: 'timestamp', message: outside });
    } else if (call.type === 'identify' || call.type === 'group') {
      const parsed =
        call.type === 'group'
          ? segmentGroupSchema.safeParse(call.message)
          : segmentIdentifySchema.safeParse(call.message);
      if (!parsed.success) {
        checked.problems.push(...problemsOf(parsed.error, index));
        return;
      }
      const link = accountLinkOf(parsed.data);
      if (link) checked.links.push(link);
    } else {
      checked.ignored += 1;
    }
  });
  return checked;
}

/**
 * Segment calls, in order: identify/group calls link users to accounts (the tracks of the same request are
 * resolved with them), track calls become usage events, other types are accepted and ignored. The good calls'
 * links and events are stored in one transaction; the bad ones are returned, each with its index and reason.
 */
export async function ingestSegmentCalls(
  target: IngestionTarget,
  calls: readonly (SegmentCall | EventProblem[])[],
  receivedAt: number,
): Promise<SegmentResult> {
  const { events, links, ignored, problems } = checkCalls(calls, target, receivedAt);
  const result =
    events.length > 0 || links.length > 0
      ? await ingestEvents(target, events, links)
      : { stored: 0, duplicates: 0, unmatched: 0 };
  const attached =
    links.length > 0
      ? await attachPendingEvents(
          target.db,
          target.portalId,
          target.settings,
          links.map((link) => link.userId),
        )
      : 0;
  return { ...result, linkedUsers: links.length, ignored, attached, rejected: problems };
}

/** A `/v1/batch` body as calls: each item an object naming its type, with the batch's context and sentAt under its own. */
export function batchCalls(body: z.infer<typeof segmentBatchEnvelopeSchema>): (SegmentCall | EventProblem[])[] {
  return body.batch.map((item, index) => {
    const parsed = segmentCallSchema.safeParse(item);
    if (!parsed.success) return problemsOf(parsed.error, index);
    const message = parsed.data;
    const context = {
      ...body.context,
      ...(typeof message.context === 'object' && message.context !== null ? message.context : {}),
    };
    return { type: message.type, message: { sentAt: body.sentAt, ...message, context } };
  });
}
