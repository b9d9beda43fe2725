import { parseArgs } from 'node:util';
import { parseEnv, type Env } from '../config/env';
import { DataDirInUseError } from '../db/data-dir-lock';
import { apiKeyScopes, type ApiKeyScope } from '../db/schema';
import { keyListOutput } from './key-list-lines';
import { databaseKeys, serviceKeys, type KeysBackend } from './keys-backend';
import { runCli, UsageError } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run keys -- create --portal <id> [--name <name>] [--scope ingest|api]
      prints a new key (shown this once): ingest (default) posts usage and surveys; api reads and acts on /api/v1
  npm run keys -- list [--portal <id>]
  npm run keys -- revoke <key id> [--portal <id>]
While npm start holds the embedded database (DATA_DIR), these go through that service's admin API.`;

function portalOption(value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new UsageError('--portal is required', usage);
    return undefined;
  }
  const portalId = Number(value);
  if (!Number.isSafeInteger(portalId) || portalId <= 0)
    throw new UsageError(`--portal must be a portal id, got "${value}"`, usage);
  return portalId;
}

function scopeOption(value: string | undefined): ApiKeyScope {
  if (value === undefined) return 'ingest';
  const scope = apiKeyScopes.find((known) => known === value);
  if (!scope) throw new UsageError(`--scope must be one of ${apiKeyScopes.join(', ')}, got "${value}"`, usage);
  return scope;
}

/** On the database, or through the running service when it holds the embedded database (DATA_DIR). */
async function openKeys(env: Env): Promise<{ keys: KeysBackend; close: () => Promise<void> }> {
  try {
    const database = await openConfiguredDatabase(env);
    return { keys: databaseKeys(database.db), close: () => database.close() };
  } catch (error) {
    if (!(error instanceof DataDirInUseError) || !error.holder.service) throw error;
    process.stderr.write(
      `DATA_DIR is held by the running service (pid ${error.holder.pid}): going through its admin API at ${error.holder.service.url}\n`,
    );
    return { keys: serviceKeys(error.holder.service), close: () => Promise.resolve() };
  }
}

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { portal: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } },
  });
  const [command, keyId] = positionals;
  if (command !== 'create' && command !== 'list' && command !== 'revoke')
    throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  if (command === 'revoke' && !keyId) throw new UsageError('revoke needs the key id (see `keys list`)', usage);
  const portalId = portalOption(values.portal, command === 'create');
  const scope = scopeOption(values.scope);
  const { keys, close } = await openKeys(parseEnv());
  try {
    if (command === 'create') {
      const { key, portalSynced } = await keys.create(portalId ?? 0, values.name, scope);
      if (!portalSynced) process.stderr.write(`warning: portal ${key.portalId} has not been synced yet\n`);
      process.stderr.write(
        `Created ${key.id} (scope ${scope}) for portal ${key.portalId}. Store the key now: it is not shown again.\n`,
      );
      process.stdout.write(`${key.key}\n`);
    } else if (command === 'list') {
      const { rows, note } = keyListOutput(await keys.list(portalId), portalId);
      for (const row of rows) process.stdout.write(`${row}\n`);
      if (note !== undefined) process.stderr.write(`${note}\n`);
    } else {
      const revokeId = keyId ?? '';
      const revoked = await keys.revoke(revokeId, portalId);
      if (revoked.length === 0) throw new UsageError(`No active key ${revokeId}`, usage);
      process.stdout.write(`revoked ${revokeId}\n`);
    }
  } finally {
    await close();
  }
});
