import { randomUUID } from 'node:crypto';
import type { RunToOpen } from '../../db/repositories/playbook-runs-repository';
import type { CompanySignals } from '../../domain/playbooks/company-signals';
import { evaluateTrigger, matchesAudience } from '../../domain/playbooks/evaluate-trigger';
import { isHeldOut } from '../../domain/playbooks/holdout';
import type { PlaybookDefinition } from '../../domain/playbooks/playbook-schema';
import { renderTemplate } from '../../domain/playbooks/step-template';
import { addDays } from '../../domain/time/calendar-date';

/** A playbook as a run is opened for it: its definition and the id that decides which runs are held out. */
export type OpeningPlaybook = PlaybookDefinition & { readonly id: string };

function holdoutSeed(portalId: number): string {
  return `playbooks:${portalId}`;
}

function dueOn(playbook: OpeningPlaybook, position: number, asOf: string): string | null {
  const step = playbook.steps[position];
  return step?.kind === 'task' ? addDays(asOf, step.dueInDays) : null;
}

function stepTitle(
  playbook: OpeningPlaybook,
  position: number,
  companyName: string,
  evidence: { summary: string; values: Record<string, string | number | null> },
): string {
  const step = playbook.steps[position];
  if (step === undefined) return '';
  const render = (template: string) => renderTemplate(template, { companyName, playbookName: playbook.name, evidence });
  switch (step.kind) {
    case 'task':
      return render(step.subject);
    case 'note':
      return 'Note on the company';
    case 'company_property':
      return `Set ${step.property} to ${render(step.value)}`;
    case 'webhook':
      return `Notify ${new URL(step.url).host}`;
  }
}

/** A run to open, with what the preview shows of it. */
export type RunToOpenWithEvidence = RunToOpen & { readonly companyName: string; readonly evidenceSummary: string };

/**
 * The run `company` enters for `playbook` on `asOf`, with its evidence and (unless held out) its steps; null when the
 * audience or the trigger keeps it out. The evaluation opens these; the preview counts them.
 */
export function runToOpen(
  portalId: number,
  playbook: OpeningPlaybook,
  company: CompanySignals,
  asOf: string,
): RunToOpenWithEvidence | null {
  if (!matchesAudience(company, playbook.audience)) return null;
  const evidence = evaluateTrigger(playbook.trigger, company);
  if (evidence === null) return null;
  const heldOut = isHeldOut(holdoutSeed(portalId), playbook.id, company.companyId, asOf, playbook.holdoutPercent);
  const companyName = company.name ?? `Company ${company.companyId}`;
  return {
    companyName,
    evidenceSummary: evidence.summary,
    run: {
      portalId,
      id: randomUUID(),
      playbookId: playbook.id,
      companyId: company.companyId,
      status: 'open',
      heldOut,
      openedOn: asOf,
      scoreAtOpen: company.score,
      evidence: { ...evidence, companyName },
    },
    steps: heldOut
      ? []
      : playbook.steps.map((step, position) => ({
          position,
          kind: step.kind,
          title: stepTitle(playbook, position, companyName, evidence).slice(0, 250),
          dueOn: dueOn(playbook, position, asOf),
        })),
  };
}
