import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { findPlaybookCandidates } from '../../db/repositories/playbook-candidates-repository';
import type { PlaybookDefinition, PlaybookStep } from '../../domain/playbooks/playbook-schema';
import { signalLookbackOf } from '../../domain/playbooks/signal-lookback';
import { loadCompanySignals } from './playbook-signals';
import { runToOpen, type OpeningPlaybook } from './run-to-open';
import { deletedTaskStatus } from './task-states';
import { portalSendsUsage } from '../card/adoption-section';

const sampleSize = 20;

export interface PlaybookPreview {
  /** The scored day the preview reads (the portal's latest on or before today); null before the first health run. */
  readonly asOf: string | null;
  /** Companies that would enter now: trigger and audience hold, and no run of this playbook is open or cooling down. */
  readonly entering: number;
  /** Of them, held out: recorded, no steps. */
  readonly heldOut: number;
  /**
   * True for a definition not stored yet: which companies are held out follows the id a playbook gets when it is
   * created, so this count is one draw of the holdout share, not the exact one.
   */
  readonly heldOutIsEstimate: boolean;
  /** What the treated runs would do now, by kind of step: HubSpot tasks and notes, property changes, webhooks. */
  readonly steps: Record<PlaybookStep['kind'], number>;
  /** Up to 20 of the entering companies, lowest health first, with the evidence their steps would carry. */
  readonly sample: ReadonlyArray<{
    companyId: string;
    companyName: string;
    score: number;
    heldOut: boolean;
    evidence: string;
  }>;
}

/**
 * What the next evaluation would open for `definition` today, computed as the evaluation computes it and writing
 * nothing: so a team sees how many companies enter and how many HubSpot tasks that makes before it enables a
 * playbook (on a large portfolio, tens of thousands at once). `id` is the stored playbook's, whose open runs and
 * cooldowns then keep their companies out; a new definition has none.
 */
export async function previewPlaybook(
  db: Database,
  portal: { id: number },
  definition: PlaybookDefinition,
  today: string,
  id?: string,
): Promise<PlaybookPreview> {
  const playbook: OpeningPlaybook = { ...definition, id: id ?? randomUUID() };
  const steps: Record<PlaybookStep['kind'], number> = { task: 0, note: 0, company_property: 0, webhook: 0 };
  const empty = { entering: 0, heldOut: 0, heldOutIsEstimate: id === undefined, steps, sample: [] };
  const usageMeasured = await portalSendsUsage(db, portal.id, today);
  const candidates = await findPlaybookCandidates(db, portal.id, today, [playbook], ['COMPLETED', deletedTaskStatus], {
    usageMeasured,
  });
  if (candidates.asOf === null) return { asOf: null, ...empty };
  const asOf = candidates.asOf;
  // A company whose run of this playbook may close today still has it open: the preview counts it as kept out. (The
  // closing runs of other playbooks are there too, as runs of playbooks the statement was not given.)
  const open = new Set(candidates.closing.filter((run) => run.playbookId === playbook.id).map((run) => run.companyId));
  const companyIds = candidates.opening.map((pair) => pair.companyId).filter((companyId) => !open.has(companyId));
  if (companyIds.length === 0) return { asOf, ...empty };
  const signals = await loadCompanySignals(
    db,
    portal.id,
    asOf,
    signalLookbackOf([playbook.trigger]),
    usageMeasured,
    companyIds,
  );
  const entering = signals.flatMap((company) => {
    const run = runToOpen(portal.id, playbook, company, asOf);
    return run === null ? [] : [{ company, run }];
  });
  for (const { run } of entering) for (const step of run.steps) steps[step.kind] += 1;
  const sample = entering
    .sort(
      (left, right) =>
        left.company.score - right.company.score || left.company.companyId.localeCompare(right.company.companyId),
    )
    .slice(0, sampleSize)
    .map(({ company, run }) => ({
      companyId: company.companyId,
      companyName: run.companyName,
      score: company.score,
      heldOut: run.run.heldOut,
      evidence: run.evidenceSummary,
    }));
  return {
    asOf,
    entering: entering.length,
    heldOut: entering.filter(({ run }) => run.run.heldOut).length,
    heldOutIsEstimate: id === undefined,
    steps,
    sample,
  };
}
