import { z } from 'zod';
import type { RunView } from '../services/playbooks/playbook-outcomes';

// A run and its steps as `npm run playbooks -- runs` prints them: the words a CSM reads on the card, not the keys.

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
