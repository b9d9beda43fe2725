/**
 * Ports for the background work a use case asks for. Services never import src/jobs: src/jobs/background-work.ts
 * implements these on the durable queue and the composition root (the HTTP modules, the job handlers) wires them.
 * Ask after your transaction commits: on the embedded database the queue waits for any open transaction.
 */
export interface WebhookProcessingQueue {
  /** Work through the portal's stored webhook events soon. */
  queueWebhookProcessing(portalId: number): Promise<void>;
}

export interface PlaybookEvaluationQueue {
  /**
   * Evaluate the portal's playbooks soon (after a sync or an ingestion batch). Debounced per portal: a burst of
   * asks while one evaluation waits queues nothing more.
   */
  queuePlaybookEvaluation(portalId: number): Promise<void>;
}

export interface PortalPurgeQueue {
  /** Delete the uninstalled portal's data once `startAfterSeconds` have passed (one purge per portal waits). */
  queuePortalPurge(portalId: number, startAfterSeconds: number): Promise<void>;
}
