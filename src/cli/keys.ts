import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { apiKeyScopes, type ApiKeyScope } from '../db/schema';
import { listKeys, createApiKey, revokeKey } from '../services/ingestion/api-keys';
import { findPortal } from '../db/repositories/portals-repository';
import { runCli, UsageError } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run keys -- create --portal <id> [--name <name>] [--scope ingest|api]
      prints a new key (shown this once): ingest (default) posts usage and surveys; api reads and acts on /api/v1
  npm run keys -- list [--portal <id>]
  npm run keys -- revoke <key id> [--portal <id>]`;

function portalOption(value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new UsageError('--portal is required', usage);
    return undefined;
  }
  const portalId = Number(value);
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new UsageError(`--portal must be a portal id, got "${value}"`, usage);
  return portalId;
}

function scopeOption(value: string | undefined): ApiKeyScope {
  if (value === undefined) return 'ingest';
  const scope = apiKeyScopes.find((known) => known === value);
  if (!scope) throw new UsageError(`--scope must be one of ${apiKeyScopes.join(', ')}, got "${value}"`, usage);
  return scope;
}

runCli(async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { portal: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } } });
  const [command, keyId] = positionals;
  const database = await openConfiguredDatabase(parseEnv());
  try {
    if (command === 'create') {
      const portalId = portalOption(values.portal, true) ?? 0;
      const scope = scopeOption(values.scope);
      if (!(await findPortal(database.db, portalId))) process.stderr.write(`warning: portal ${portalId} has not been synced yet\n`);
      const created = await createApiKey(database.db, portalId, values.name, scope);
      process.stderr.write(`Created ${created.id} (scope ${scope}) for portal ${portalId}. Store the key now: it is not shown again.\n`);
      process.stdout.write(`${created.key}\n`);
    } else if (command === 'list') {
      for (const key of await listKeys(database.db, portalOption(values.portal, false))) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        process.stdout.write(`${key.id}\tportal ${key.portalId}\tscope ${key.scope}\t${key.keyPrefix}…\t${key.name ?? ''}\tcreated ${key.createdAt.toISOString()}\t${state}\n`);
      }
    } else if (command === 'revoke') {
      if (!keyId) throw new UsageError('revoke needs the key id (see `keys list`)', usage);
      const revoked = await revokeKey(database.db, keyId, portalOption(values.portal, false));
      if (revoked.length === 0) throw new UsageError(`No active key ${keyId}`, usage);
      process.stdout.write(`revoked ${keyId}\n`);
    } else {
      throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
    }
  } finally {
    await database.close();
  }
});
