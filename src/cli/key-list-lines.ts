import type { ApiKeySummary } from '../services/ingestion/api-keys';

/** `keys list`'s rows (stdout, tab-separated for scripts) and, when there are none, what to do instead (stderr). */
export function keyListOutput(
  keys: readonly ApiKeySummary[],
  portalId: number | undefined,
): { rows: string[]; note: string | undefined } {
  const rows = keys.map((key) => {
    const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
    return `${key.id}\tportal ${key.portalId}\tscope ${key.scope}\t${key.keyPrefix}…\t${key.name ?? ''}\tcreated ${key.createdAt.toISOString()}\t${state}`;
  });
  if (rows.length > 0) return { rows, note: undefined };
  const whose = portalId === undefined ? '' : ` for portal ${portalId}`;
  return {
    rows,
    note: `No API keys${whose} yet. Create one with: npm run keys -- create --portal ${portalId ?? '<id>'} [--scope ingest|api]`,
  };
}
