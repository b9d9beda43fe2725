import express, { type Express } from 'express';
import { z } from 'zod';
import { jobBackedWork } from '../../jobs/background-work';
import type { JobQueue } from '../../jobs/job-queue';
import { receiveWebhookBatch } from '../../services/webhooks/receive-batch';
import { webhookBatchSchema } from '../../services/webhooks/webhook-event-schema';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { signatureV3Problem } from '../middleware/hubspot-signature';
import { markCredentialProved } from '../middleware/rate-limit';
import { parseBody } from '../validation';

/** app.json `webhooks.targetPath`. */
export const webhookPath = '/hubspot/webhooks';

export interface WebhookModuleOptions {
  readonly clientSecret: string;
  /** The public base URL HubSpot signs (app.json `service.publicUrl`); defaults to the request's own. */
  readonly publicUrl?: string;
  readonly jobs: JobQueue;
  readonly path?: string;
  readonly now?: () => number;
}

const clientSecretSchema = z.string().min(1, 'HUBSPOT_CLIENT_SECRET is required for webhooks');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError('validation_failed', 'Request body is not valid JSON', {
      fields: [{ field: 'body', message: 'malformed JSON' }],
    });
  }
}

/**
 * HubSpot's webhook deliveries: the v3 signature is checked over the raw body before anything is parsed (a bad
 * one refuses the whole request), each event is validated alone (a bad event is recorded, the others stored and
 * acknowledged with 200, since HubSpot retries any 4xx and would in the end drop the good events with it), and
 * the answer goes back at once (HubSpot times out after 5 s).
 */
export function webhookModule(options: WebhookModuleOptions): HttpModule {
  const clientSecret = clientSecretSchema.parse(options.clientSecret);
  // Any content type: the exact bytes are what HubSpot signed.
  const rawText = express.text({ type: () => true, limit: '5mb' });
  return (app: Express, { db, logger }) => {
    app.post(options.path ?? webhookPath, rawText, async (request, response) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const problem = signatureV3Problem(
        request,
        { clientSecret, publicUrl: options.publicUrl, now: options.now },
        body,
      );
      if (problem) throw new ServiceError('unauthorized', problem);
      markCredentialProved(response);
      const events = parseBody(webhookBatchSchema, parseJson(body));
      response.json(await receiveWebhookBatch({ db, work: jobBackedWork(options.jobs), logger }, events));
    });
  };
}
