import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { triggerInWords } from '../domain/playbooks/trigger-words';
import { instantToLocalDate } from '../domain/time/time-zone';
import { portalResolver } from '../http/portal-resolver';
import { findPlaybook, listPlaybooks } from '../services/playbooks/playbook-definitions';
import { playbookOutcomes, playbookRuns } from '../services/playbooks/playbook-outcomes';
import { comparisonLine, runLines } from './playbook-run-lines';
import { previewPlaybook, type PlaybookPreview } from '../services/playbooks/playbook-preview';
import { runCli, UsageError, positiveIntegerOption } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run playbooks -- list [--portal <id>] [--json]                 the portal's playbooks
  npm run playbooks -- runs <playbook id> [--limit N] [--json]       its runs, newest first, with their steps
  npm run playbooks -- outcomes <playbook id> [--json]               runs per month and outcomes, treated vs holdout
  npm run playbooks -- preview <playbook id> [--json]                what it would open now (enabled or not): companies, steps
The portal: --portal, else HUBSPOT_PORTAL_ID, else the only synced portal. Change playbooks with the API (POST/PUT /api/v1/playbooks).`;

function positiveInteger(value: string | undefined, option: string): number | undefined {
  return positiveIntegerOption(value, option, usage);
}

const stepWords = {
  task: ['HubSpot task', 'HubSpot tasks'],
  note: ['note', 'notes'],
  company_property: ['property change', 'property changes'],
  webhook: ['webhook', 'webhooks'],
} as const;

function previewLines(name: string, preview: PlaybookPreview): string[] {
  if (preview.asOf === null)
    return [`${name}: no health scores yet, so nothing to preview (the first health run makes them).`];
  const steps = Object.entries(preview.steps)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${stepWords[kind as keyof typeof stepWords][count === 1 ? 0 : 1]}`);
  const heldOut = `${preview.heldOutIsEstimate ? 'about ' : ''}${preview.heldOut} held out`;
  return [
    `${name}, if evaluated now on the scores of ${preview.asOf}: ${preview.entering} companies would enter (${heldOut}), making ${steps.length > 0 ? steps.join(', ') : 'no steps'}.`,
    ...(preview.sample.length > 0 ? ['Lowest health first:'] : []),
    ...preview.sample.map(
      (company) =>
        `  ${company.companyName} (${company.score})${company.heldOut ? ' held out' : ''}: ${company.evidence}`,
    ),
  ];
}

const write = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { portal: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [command, playbookId] = positionals;
  if (command !== 'list' && command !== 'runs' && command !== 'outcomes' && command !== 'preview')
    throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  if (command !== 'list' && playbookId === undefined)
    throw new UsageError(`${command} needs the playbook id (npm run playbooks -- list shows them)`, usage);
  const env = parseEnv();
  const apiPath = command === 'list' ? '' : `/${playbookId ?? ''}${command === 'runs' ? '/runs' : `/${command}`}`;
  // While `npm start` holds the embedded database, the same answer comes from its API.
  const database = await openConfiguredDatabase(
    env,
    undefined,
    (url) => `ask it: curl '${url ?? '<service URL>'}/api/v1/playbooks${apiPath}'`,
  );
  try {
    const db = database.db;
    const portal = await portalResolver(
      db,
      positiveInteger(values.portal, '--portal') ?? env.HUBSPOT_PORTAL_ID,
    ).resolve();
    if (command === 'list') {
      const playbooks = await listPlaybooks(db, portal.id);
      if (values.json) {
        write(JSON.stringify({ portalId: portal.id, playbooks }, null, 2));
        return;
      }
      if (playbooks.length === 0) {
        write(`Portal ${portal.id} has no playbooks.`);
        return;
      }
      for (const playbook of playbooks)
        write(
          `${playbook.id}  ${playbook.enabled ? 'on ' : 'off'}  ${playbook.name}: when ${triggerInWords(playbook.trigger)}; ${playbook.steps.length} ${playbook.steps.length === 1 ? 'step' : 'steps'}, ${playbook.holdoutPercent}% held out`,
        );
      return;
    }
    const id = playbookId ?? '';
    const playbook = await findPlaybook(db, portal.id, id);
    if (playbook === null) throw new UsageError(`Playbook ${id} does not exist in portal ${portal.id}`, usage);
    if (command === 'runs') {
      const runs = await playbookRuns(db, portal.id, id, positiveInteger(values.limit, '--limit') ?? 50);
      if (values.json) {
        write(JSON.stringify({ playbookId: id, runs }, null, 2));
        return;
      }
      write(`${playbook.name}: ${runs.length} ${runs.length === 1 ? 'run' : 'runs'} shown, newest first`);
      for (const run of runs) for (const line of runLines(run)) write(line);
      return;
    }
    if (command === 'preview') {
      const preview = await previewPlaybook(db, portal, playbook, instantToLocalDate(Date.now(), portal.timeZone), id);
      if (values.json) write(JSON.stringify({ playbookId: id, ...preview }, null, 2));
      else for (const line of previewLines(playbook.name, preview)) write(line);
      return;
    }
    const asOf = instantToLocalDate(Date.now(), portal.timeZone);
    const report = await playbookOutcomes(db, portal.id, id, asOf);
    if (values.json) {
      write(JSON.stringify({ playbookId: id, asOf, ...report }, null, 2));
      return;
    }
    write(
      `${playbook.name}: ${report.overall.started} runs started, ${report.overall.completed} completed, ${report.overall.heldOut} held out (as of ${asOf})`,
    );
    for (const comparison of report.overall.comparisons) write(`  ${comparisonLine(comparison)}`);
    write('Month    started  completed  held out');
    for (const month of report.months)
      write(
        `${month.month}  ${String(month.started).padStart(7)}  ${String(month.completed).padStart(9)}  ${String(month.heldOut).padStart(8)}`,
      );
  } finally {
    await database.close();
  }
});
