import type { SandboxStore } from './store';

const day = 24 * 60 * 60 * 1000;

/**
 * When the portal's deal pipelines and stages were made, for their createdAt/updatedAt: HubSpot makes the default
 * pipeline with the portal, so a day before its oldest record, or when the sandbox started if it holds none.
 */
export function pipelineInstant(store: SandboxStore): string {
  let oldest = Number.POSITIVE_INFINITY;
  for (const type of ['companies', 'deals'] as const) {
    for (const archived of [false, true]) {
      for (const object of store.objects.list(type, archived)) oldest = Math.min(oldest, Date.parse(object.createdAt));
    }
  }
  return new Date(Number.isFinite(oldest) ? oldest - day : store.startedAt).toISOString();
}
