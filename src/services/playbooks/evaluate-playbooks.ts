import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { findPlaybookCandidates } from '../../db/repositories/playbook-candidates-repository';
import {
  closeRuns,
  listRunsAwaitingSteps,
  listRunsByIds,
  listStepsOfRuns,
  openNewRuns,
  type CloseReason,
  type PlaybookRunRow,
  type RunToOpen,
  type PlaybookRunStepRow,
} from '../../db/repositories/playbook-runs-repository';
import {
  bulkLoadRows,
  playbookRunTables,
  refreshPlannerStatistics,
} from '../../db/repositories/planner-statistics-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { evaluateTrigger } from '../../domain/playbooks/evaluate-trigger';
import { signalLookbackOf } from '../../domain/playbooks/signal-lookback';
import { addDays } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { listPlaybooks, type StoredPlaybook } from './playbook-definitions';
import { loadCompanySignals } from './playbook-signals';
import { performRunSteps } from './run-steps';
import { runToOpen } from './run-to-open';
import { deletedTaskStatus, syncRunTaskStates } from './task-states';
import { portalSendsUsage } from '../card/adoption-section';

export interface EvaluationContext {
  readonly db: Database;
  readonly logger: Logger;
  /** Without a client runs are opened and closed but their steps wait for one. */
  readonly client?: Client;
  readonly webhookSecret?: string;
  readonly now?: () => Date;
  readonly claimLeaseMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly afterCreate?: (step: PlaybookRunStepRow, hubspotId: string) => void | Promise<void>;
}

export interface EvaluationResult {
  readonly asOf: string | null;
  readonly opened: number;
  readonly heldOut: number;
  readonly closed: Record<string, number>;
  readonly stepsDone: number;
  readonly stepsFailed: number;
  readonly tasksSynced: number;
}

// The candidates statement split by company into this many statements at once, one per core of the 2-core reference
// server: Postgres runs the single statement on one core while the service waits.
const parallelCandidateStatements = 2;

/** Why a run closes that needs no signals (playbook gone, tasks done, expired); null when only its trigger may close it. */
function closeReasonWithoutSignals(
  run: PlaybookRunRow,
  playbook: StoredPlaybook | undefined,
  steps: readonly PlaybookRunStepRow[],
  asOf: string,
) {
  if (playbook === undefined || !playbook.enabled) return 'playbook_removed' as const;
  const tasks = steps.filter((step) => step.kind === 'task');
  if (
    !run.heldOut &&
    tasks.length > 0 &&
    tasks.every(
      (step) => step.state === 'done' && (step.taskStatus === 'COMPLETED' || step.taskStatus === deletedTaskStatus),
    )
  )
    return 'tasks_completed' as const;
  if (addDays(run.openedOn, playbook.expiresAfterDays) <= asOf) return 'expired' as const;
  return null;
}

/**
 * The portal's playbooks against its latest health scores: task states read back from HubSpot, open runs
 * closed (tasks done, trigger cleared, expired), new runs opened where a trigger holds, and the steps of
 * open treated runs performed. Safe to run twice or on two workers at once.
 */
export async function evaluatePlaybooks(context: EvaluationContext, portalId: number): Promise<EvaluationResult> {
  const { db } = context;
  const portal = await findPortal(db, portalId);
  if (!portal) throw new RangeError(`Portal ${portalId} has not been synced`);
  const today = instantToLocalDate((context.now?.() ?? new Date()).getTime(), portal.timeZone);
  const playbooks = await listPlaybooks(db, portalId);
  const tasksSynced = context.client ? await syncRunTaskStates(db, context.client, portalId) : 0;
  const lookback = signalLookbackOf(playbooks.map((playbook) => playbook.trigger));
  const enabled = playbooks.filter((candidate) => candidate.enabled);
  // Until the portal sends usage, a filter on active users or seat utilization holds for no company, not for all.
  const usageMeasured = await portalSendsUsage(db, portalId, today);
  // SQL narrows the portfolio to the runs that may close and the companies that may enter; the domain decides.
  const candidates = await findPlaybookCandidates(db, portalId, today, enabled, ['COMPLETED', deletedTaskStatus], {
    usageMeasured,
    parallelStatements: parallelCandidateStatements,
  });
  const asOf = candidates.asOf;
  const result = {
    asOf,
    opened: 0,
    heldOut: 0,
    closed: {} as Record<string, number>,
    stepsDone: 0,
    stepsFailed: 0,
    tasksSynced,
  };
  if (asOf === null) return result;
  const byId = new Map(playbooks.map((playbook) => [playbook.id, playbook]));
  const closing = await listRunsByIds(
    db,
    portalId,
    candidates.closing.map((run) => run.runId),
  );
  const stepsByRun = groupSteps(
    await listStepsOfRuns(
      db,
      portalId,
      closing.map((run) => run.id),
    ),
  );
  const openClosing = closing.filter((candidate) => candidate.status === 'open');
  const settled = new Map(
    openClosing.map((run) => [
      run.id,
      closeReasonWithoutSignals(run, byId.get(run.playbookId), stepsByRun.get(run.id) ?? [], asOf),
    ]),
  );
  // A run closed now other than by its trigger clearing holds its company back like one closed earlier.
  const coolingDown = new Set(
    openClosing.flatMap((run) => {
      const playbook = byId.get(run.playbookId);
      return playbook !== undefined && (settled.get(run.id) ?? null) !== null && playbook.cooldownDays > 0
        ? [`${run.playbookId}:${run.companyId}`]
        : [];
    }),
  );
  const opening = candidates.opening.filter((pair) => !coolingDown.has(`${pair.playbookId}:${pair.companyId}`));
  // Signals only where a trigger decides: runs whose tasks were completed close without them, and their companies
  // cool down (at 100k companies a day of 20k such closings loaded 11k companies' signals, most for nothing).
  const companyIds = new Set([
    ...openClosing.filter((run) => settled.get(run.id) === null).map((run) => run.companyId),
    ...opening.map((pair) => pair.companyId),
  ]);
  const signals =
    companyIds.size === 0 ? [] : await loadCompanySignals(db, portalId, asOf, lookback, usageMeasured, [...companyIds]);
  const byCompany = new Map(signals.map((company) => [company.companyId, company]));
  const stillOpen = new Set<string>();
  const toClose: Array<{ id: string; reason: CloseReason }> = [];
  for (const run of openClosing) {
    const playbook = byId.get(run.playbookId);
    const company = byCompany.get(run.companyId);
    const reason =
      settled.get(run.id) ??
      (playbook !== undefined && company !== undefined && evaluateTrigger(playbook.trigger, company) === null
        ? ('trigger_cleared' as const)
        : null);
    if (reason === null) stillOpen.add(`${run.playbookId}:${run.companyId}`);
    else toClose.push({ id: run.id, reason });
  }
  for (const reason of await closeRuns(db, portalId, toClose, asOf))
    result.closed[reason] = (result.closed[reason] ?? 0) + 1;
  const toOpen: RunToOpen[] = [];
  for (const pair of opening) {
    const playbook = byId.get(pair.playbookId);
    const company = byCompany.get(pair.companyId);
    if (playbook === undefined || company === undefined || stillOpen.has(`${pair.playbookId}:${pair.companyId}`))
      continue;
    const run = runToOpen(portalId, playbook, company, asOf);
    if (run !== null) toOpen.push(run);
  }
  for (const opened of await openNewRuns(db, toOpen)) {
    result.opened += 1;
    if (opened.heldOut) result.heldOut += 1;
  }
  // A first evaluation opens runs for a large share of the portfolio: the next one must not plan its statement on
  // the statistics of empty run tables (with them, a day that closes runs took minutes at 100k companies).
  if (result.opened >= bulkLoadRows) await refreshPlannerStatistics(db, playbookRunTables);
  if (context.client) {
    const awaiting = await listRunsAwaitingSteps(db, portalId);
    const steps = groupSteps(
      await listStepsOfRuns(
        db,
        portalId,
        awaiting.map(({ run }) => run.id),
      ),
    );
    const stepContext = {
      db,
      client: context.client,
      logger: context.logger,
      webhookSecret: context.webhookSecret,
      fetch: context.fetch,
      claimLeaseMs: context.claimLeaseMs,
      afterCreate: context.afterCreate,
    };
    for (const { run, owners } of awaiting) {
      const playbook = byId.get(run.playbookId);
      const runSteps = steps.get(run.id) ?? [];
      if (playbook === undefined || runSteps.every((step) => step.state === 'done' || step.state === 'failed'))
        continue;
      const performed = await performRunSteps(stepContext, playbook, run, runSteps, owners);
      result.stepsDone += performed.done;
      result.stepsFailed += performed.failed;
    }
  }
  return result;
}

function groupSteps(steps: readonly PlaybookRunStepRow[]): Map<string, PlaybookRunStepRow[]> {
  const grouped = new Map<string, PlaybookRunStepRow[]>();
  for (const step of steps) grouped.set(step.runId, [...(grouped.get(step.runId) ?? []), step]);
  return grouped;
}
