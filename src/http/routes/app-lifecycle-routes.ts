import express, { type Express } from 'express';
import { z } from 'zod';
import { jobBackedWork } from '../../jobs/background-work';
import type { JobQueue } from '../../jobs/job-queue';
import { recordAppUninstalled, type UninstallOutcome } from '../../services/install/app-uninstalled';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { signatureV3Problem } from '../middleware/hubspot-signature';
import { markCredentialProved } from '../middleware/rate-limit';

export const appLifecyclePath = '/hubspot/app-lifecycle';

/** HubSpot's event type of an app uninstall (webhooks journal, `APP_LIFECYCLE_EVENT`); 4-1909196 is an install. */
export const appUninstallEventTypeId = '4-1916193';

export const lifecycleEventSchema = z.object({
  eventId: z.number().int(),
  portalId: z.number().int().positive(),
  occurredAt: z.number().int(),
  subscriptionType: z.literal('APP_LIFECYCLE_EVENT'),
  eventTypeId: z.string().min(1),
});

export interface AppLifecycleModuleOptions {
  readonly clientSecret: string;
  /** The public base URL HubSpot signs; defaults to the request's own. */
  readonly publicUrl?: string;
  readonly jobs: JobQueue;
  readonly retentionDays: number;
  readonly forgetTokens?: (portalId: number) => void;
  readonly now?: () => number;
}

function parseEvents(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('validation_failed', 'Request body is not valid JSON', { fields: [{ field: 'body', message: 'malformed JSON' }] });
  }
  if (!Array.isArray(parsed)) throw new ServiceError('validation_failed', 'Invalid body: expected an array of events', { fields: [{ field: 'body', message: 'expected an array' }] });
  return parsed;
}

/**
 * App lifecycle events, signed like HubSpot's webhooks (v3, the client secret). An uninstall stops the portal and
 * schedules the deletion of its data; each event is checked alone, so one bad event does not refuse the others.
 */
export function appLifecycleModule(options: AppLifecycleModuleOptions): HttpModule {
  const rawText = express.text({ type: () => true, limit: '1mb' });
  return (app: Express, { db, logger }) => {
    app.post(appLifecyclePath, rawText, async (request, response) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const problem = signatureV3Problem(request, { clientSecret: options.clientSecret, publicUrl: options.publicUrl, now: options.now }, body);
      if (problem) throw new ServiceError('unauthorized', problem);
      markCredentialProved(response);
      const outcomes: Record<UninstallOutcome | 'other_event', number> = { uninstalled: 0, already_uninstalled: 0, not_installed: 0, other_event: 0 };
      const invalid: { index: number; message: string }[] = [];
      const events = parseEvents(body);
      for (const [index, candidate] of events.entries()) {
        const event = lifecycleEventSchema.safeParse(candidate);
        if (!event.success) {
          invalid.push({ index, message: event.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ') });
          continue;
        }
        if (event.data.eventTypeId !== appUninstallEventTypeId) {
          outcomes.other_event += 1;
          continue;
        }
        const dependencies = { db, work: jobBackedWork(options.jobs), retentionDays: options.retentionDays, logger, forgetTokens: options.forgetTokens, now: options.now };
        outcomes[await recordAppUninstalled(dependencies, event.data.portalId)] += 1;
      }
      if (invalid.length > 0) logger.warn({ invalid }, 'app lifecycle events refused');
      response.json({ received: events.length, ...outcomes, invalid });
    });
  };
}
