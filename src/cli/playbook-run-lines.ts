import { z } from 'zod';
import { outcomeMetricLabels, type Comparison } from '../domain/playbooks/outcome-statistics';
import type { RunView } from '../services/playbooks/playbook-outcomes';

// Runs and outcomes as `npm run playbooks -- runs | outcomes` prints them: the words a CSM reads on the card and the
// Playbooks page, not the keys.

const stepStates: Record<string, string> = {
  pending: 'not made yet',
  claimed: 'being made',
  unconfirmed: "sent, HubSpot's answer not yet seen",
  done: 'made in HubSpot',
  failed: 'failed',
};

const taskStatuses: Record<string, string> = {
  NOT_STARTED: 'to do',
  IN_PROGRESS: 'in progress',
  WAITING: 'waiting',
  DEFERRED: 'deferred',
  COMPLETED: 'done',
  DELETED: 'deleted in HubSpot',
};

const evidenceSummary = z.object({ summary: z.string() });

export function runLines(run: RunView): string[] {
  const company = `${run.companyName ?? 'Company'} (${run.companyId})`;
  const state =
    run.status === 'open'
      ? 'open'
      : `closed ${run.closedOn ?? ''}${run.closeReason ? `: ${run.closeReason.replaceAll('_', ' ')}` : ''}`;
  const evidence = evidenceSummary.safeParse(run.evidence);
  return [
    `${run.openedOn}  ${company}  ${state}${run.heldOut ? '; held out, no steps' : ''}`,
    ...(evidence.success ? [`    Why: ${evidence.data.summary}`] : []),
    ...run.steps.map((step) => {
      const task =
        step.taskStatus === null ? '' : `, task ${taskStatuses[step.taskStatus] ?? step.taskStatus.toLowerCase()}`;
      return `    ${step.title}: ${stepStates[step.state] ?? step.state}${task}${step.hubspotId ? ` (HubSpot ${step.hubspotId})` : ''}`;
    }),
  ];
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** One outcome measure, treated vs held out: points of health as they are, shares as percentages, runs counted. */
export function comparisonLine(comparison: Comparison): string {
  const share = !comparison.metric.startsWith('healthChange');
  const value = (amount: number) => (share ? `${oneDecimal.format(amount * 100)}%` : oneDecimal.format(amount));
  const runs = (count: number) => `${count} ${count === 1 ? 'run' : 'runs'}`;
  const group = (side: Comparison['treated']) =>
    `${side.mean === null ? 'none' : value(side.mean)} (${runs(side.runs)})`;
  const unit = share ? ' points' : '';
  const signed = (amount: number) => `${amount > 0 ? '+' : ''}${oneDecimal.format(share ? amount * 100 : amount)}`;
  const difference =
    comparison.difference === null
      ? ''
      : `, difference ${signed(comparison.difference)}${unit}${comparison.interval95 === null ? '' : ` (95% interval ${signed(comparison.interval95[0])} to ${signed(comparison.interval95[1])})`}`;
  return `${outcomeMetricLabels[comparison.metric]}: treated ${group(comparison.treated)}, held out ${group(comparison.holdout)}${difference}. ${comparison.conclusion}`;
}
