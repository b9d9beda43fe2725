import type { Executor } from '../../db/client';
import { webhookEventTotals } from '../../db/repositories/webhook-events-repository';
import { countWebhookRejections, latestWebhookRejections } from '../../db/repositories/webhook-rejections-repository';

export interface WebhookPortalReport {
  /** Null: rejected events that named no usable portal. */
  readonly portalId: number | null;
  readonly received: number;
  readonly pending: number;
  readonly applied: number;
  readonly stale: number;
  readonly unsupported: number;
  readonly rejected: number;
  readonly lastRejectedAt: string | null;
}

export interface WebhookReport {
  readonly portals: WebhookPortalReport[];
  readonly rejected: number;
  readonly latestRejections: Array<{
    readonly receivedAt: string;
    readonly portalId: number | null;
    readonly reason: string;
    readonly payload: unknown;
  }>;
}

/** What became of HubSpot's webhook events: stored, processed by outcome, and rejected with the latest reasons. */
export async function webhookReport(db: Executor, latest = 10): Promise<WebhookReport> {
  const totals = await webhookEventTotals(db);
  const rejections = await countWebhookRejections(db);
  const portalIds = [...new Set([...totals.map((row) => row.portalId), ...rejections.map((row) => row.portalId)])].sort(
    (left, right) => (left ?? Number.MAX_SAFE_INTEGER) - (right ?? Number.MAX_SAFE_INTEGER),
  );
  const portals = portalIds.map((portalId): WebhookPortalReport => {
    const total = totals.find((row) => row.portalId === portalId);
    const rejection = rejections.find((row) => row.portalId === portalId);
    return {
      portalId,
      received: total?.received ?? 0,
      pending: total?.pending ?? 0,
      ...(total?.outcomes ?? { applied: 0, stale: 0, unsupported: 0 }),
      rejected: rejection?.rejected ?? 0,
      lastRejectedAt: rejection ? rejection.lastAt.toISOString() : null,
    };
  });
  const latestRejections = (await latestWebhookRejections(db, latest)).map((row) => ({
    receivedAt: row.receivedAt.toISOString(),
    portalId: row.portalId,
    reason: row.reason,
    payload: row.payload,
  }));
  return { portals, rejected: rejections.reduce((sum, row) => sum + row.rejected, 0), latestRejections };
}

export function formatWebhookReport(report: WebhookReport): string {
  const header = ['portal', 'received', 'pending', 'applied', 'stale', 'unsupported', 'rejected'];
  const lines = report.portals.map((row) => [
    row.portalId === null ? '(none)' : String(row.portalId),
    ...[row.received, row.pending, row.applied, row.stale, row.unsupported, row.rejected].map(String),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const table = [header, ...lines]
    .map((line) => line.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '))
    .join('\n');
  if (report.latestRejections.length === 0) return `${table}\n\nNo webhook event was rejected.`;
  const reasons = report.latestRejections.map(
    (row) => `${row.receivedAt}  portal ${row.portalId ?? '(none)'}  ${row.reason}`,
  );
  return `${table}\n\nLatest rejected events (not processed; HubSpot was answered 200 for the rest of their batch):\n${reasons.join('\n')}`;
}
