import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { createLogger } from '../config/logger';
import type { DatabaseHandle } from '../db/client';
import type { DeadLetter } from '../jobs/dead-letters';
import { startJobQueue, type QueueCounts, type RunningJobQueue } from '../jobs/start-job-queue';
import { formatWebhookReport, webhookReport } from '../services/webhooks/webhook-report';
import type { CommandOutput } from './command-output';
import { UsageError } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run jobs -- status [--json]         jobs per kind: waiting, retrying, running, completed, failed, dead letters
  npm run jobs -- dead-letters [--json]   jobs that failed every retry, oldest first, with their data and last error
  npm run jobs -- retry <id>              sends a dead letter's job again, with fresh retries
  npm run jobs -- webhooks [--json]       HubSpot webhook events per portal: stored, pending, processed, rejected (with reasons)

On the embedded database (no DATABASE_URL) stop the service first: one process at a time opens DATA_DIR (it refuses otherwise).`;

function statusTable(rows: readonly QueueCounts[]): string {
  const header = ['job', 'waiting', 'retrying', 'running', 'completed', 'failed', 'dead letters'];
  const lines = rows.map((row) =>
    [row.name, row.waiting, row.retrying, row.active, row.completed, row.failed, row.deadLetters].map(String),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  return [header, ...lines]
    .map((line) =>
      line
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

function deadLetterLine(letter: DeadLetter): string {
  return `${letter.id}\t${letter.name}\t${letter.failedAt}\t${JSON.stringify(letter.data)}\t${letter.error}`;
}

async function run(
  queue: RunningJobQueue,
  database: DatabaseHandle,
  command: string | undefined,
  id: string | undefined,
  json: boolean,
  output: CommandOutput,
): Promise<void> {
  if (command === 'status') {
    const rows = await queue.status();
    const { rejected } = await webhookReport(database.db, 0);
    const note = rejected > 0 ? `\n\nwebhook events rejected: ${rejected} (see \`npm run jobs -- webhooks\`)` : '';
    output.stdout(`${json ? JSON.stringify(rows) : `${statusTable(rows)}${note}`}\n`);
  } else if (command === 'webhooks') {
    const report = await webhookReport(database.db);
    output.stdout(`${json ? JSON.stringify(report) : formatWebhookReport(report)}\n`);
  } else if (command === 'dead-letters') {
    const letters = await queue.deadLetters();
    if (json) output.stdout(`${JSON.stringify(letters)}\n`);
    else if (letters.length === 0) output.stderr('No dead letters\n');
    else output.stdout(`${letters.map(deadLetterLine).join('\n')}\n`);
  } else if (command === 'retry') {
    if (!id) throw new UsageError('retry needs the id of a dead letter (see `jobs dead-letters`)', usage);
    if (!(await queue.retryDeadLetter(id))) throw new UsageError(`No dead letter ${id}`, usage);
    output.stdout(`sent ${id} again\n`);
  } else {
    throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  }
}

/** `npm run jobs` with its arguments and environment (usage errors throw). */
export async function runJobsCommand(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [command, id] = positionals;
  const env = parseEnv(environment);
  const database = await openConfiguredDatabase(env);
  try {
    // No handlers: this process only inspects and sends, it works no job.
    const queue = await startJobQueue({ database, logger: createLogger(env.LOG_LEVEL) });
    try {
      await run(queue, database, command, id, values.json, output);
    } finally {
      await queue.stop();
    }
  } finally {
    await database.close();
  }
}
