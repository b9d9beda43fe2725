import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { createLogger } from '../config/logger';
import type { DatabaseHandle } from '../db/client';
import { settingsKindSchema, settingsKinds, type SettingsKind } from '../domain/settings/settings-kind';
import { portalResolver } from '../http/portal-resolver';
import { startJobQueue } from '../jobs/start-job-queue';
import { changeSettings, readSettings, readSettingsHistory } from '../services/settings/settings-service';
import type { CommandOutput } from './command-output';
import { UsageError, positiveIntegerOption } from './run-cli';
import { openConfiguredDatabase } from './runtime';
import { readSettingsFile } from './settings-file';

const usage = `Usage:
  npm run settings -- get <kind> [--portal <id>] [--history <n>]   the settings that apply (JSON), who set them and when
  npm run settings -- set <kind> <file.json> [--portal <id>]       replaces the portal's settings of that kind with the file's
                                                                   (what it leaves out takes the default); rescoring follows

Kinds: ${settingsKinds.join(', ')}. The portal: --portal, else HUBSPOT_PORTAL_ID, else the only synced portal.
Example file for kpi: {"lifetimeValue": {"grossMarginPercent": 75, "customerAcquisitionCostMinor": 120000}}`;

function kindOf(value: string | undefined): SettingsKind {
  const parsed = settingsKindSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(
      value ? `Unknown kind "${value}": one of ${settingsKinds.join(', ')}` : 'A kind is required',
      usage,
    );
  return parsed.data;
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
  return positiveIntegerOption(value, option, usage);
}

async function sendRecompute(database: DatabaseHandle, portalId: number): Promise<void> {
  const queue = await startJobQueue({ database, logger: createLogger('warn') });
  try {
    await queue.send('health.recompute', { portalId, force: true });
  } finally {
    await queue.stop();
  }
}

/** `npm run settings` with its arguments and environment; resolves with the exit code (usage errors throw). */
export async function runSettingsCommand(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { portal: { type: 'string' }, history: { type: 'string' } },
  });
  const [command, kindName, file] = positionals;
  if (command !== 'get' && command !== 'set')
    throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  const kind = kindOf(kindName);
  if (command === 'set' && file === undefined) throw new UsageError('set needs the JSON file with the settings', usage);
  const document = command === 'set' && file !== undefined ? await readSettingsFile(file, usage) : undefined;
  const env = parseEnv(environment);
  // While `npm start` holds the embedded database, its settings API reads and changes the same settings.
  const database = await openConfiguredDatabase(env, undefined, (url) =>
    command === 'get'
      ? `ask it: curl '${url ?? '<service URL>'}/api/v1/settings/${kind}'`
      : `send the file to it: curl -X PUT -H 'Content-Type: application/json' --data-binary @${file ?? '<file.json>'} '${url ?? '<service URL>'}/api/v1/settings/${kind}'`,
  );
  try {
    const portal = await portalResolver(
      database.db,
      positiveInteger(values.portal, '--portal') ?? env.HUBSPOT_PORTAL_ID,
    ).resolve();
    if (command === 'get') {
      const history = positiveInteger(values.history, '--history');
      const record = await readSettings(database.db, portal.id, kind);
      const body =
        history === undefined
          ? record
          : { ...record, history: await readSettingsHistory(database.db, portal.id, kind, history) };
      output.stdout(`${JSON.stringify({ portalId: portal.id, ...body }, null, 2)}\n`);
      return 0;
    }
    const result = await changeSettings(database.db, portal.id, kind, document, `cli (${userInfo().username})`);
    if (!result.stored) {
      const lines = result.problems.map(
        (problem) => `  ${problem.field}: ${problem.message} (expected ${problem.expected}, sent ${problem.sent})`,
      );
      output.stderr(`Invalid ${kind} settings in ${file ?? ''}, nothing was changed:\n${lines.join('\n')}\n`);
      return 1;
    }
    output.stdout(`${JSON.stringify({ portalId: portal.id, ...result.record }, null, 2)}\n`);
    if (result.recomputeHealth) {
      await sendRecompute(database, portal.id);
      output.stderr(
        `Queued a health recompute of portal ${portal.id}: the service rescores with these settings when it runs the job.\n`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}
