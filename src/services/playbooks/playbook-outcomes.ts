import type { Database } from '../../db/client';
import {
  listRunsOfPlaybook,
  listStepsOfRuns,
  type PlaybookRunRow,
} from '../../db/repositories/playbook-runs-repository';
import { loadScoresAfterOpenings } from '../../db/repositories/playbook-signals-repository';
import { listContractsOfCompanies } from '../../db/repositories/company-contracts-repository';
import { listCompanyNames } from '../../db/repositories/companies-repository';
import { groupContractsByCompany } from '../../domain/contracts/company-mrr';
import type { Contract } from '../../domain/contracts/contract-schema';
import { churnedWithin90Days, renewedAtNextRenewal } from '../../domain/playbooks/commercial-outcomes';
import { renewalRecords, type RenewalRecord, type RenewalSettings } from '../../domain/renewals/renewal-records';
import {
  defaultOutcomeOptions,
  outcomeReport,
  type OutcomeOptions,
  type OutcomeReport,
  type RunOutcome,
} from '../../domain/playbooks/outcome-statistics';
import { addDays } from '../../domain/time/calendar-date';
import { chunks } from '../../domain/collections/chunks';
import { loadPortalSettings } from '../settings/settings-service';

// A later score counts for "N days after" when it is at most this many days past that day.
const scoreToleranceDays = 7;
// The days after opening a run is measured on (runOutcome's health changes and recovery).
const measuredDays = [30, 60, 90];
const openingsPerRead = 10_000;

type DailyScore = { score: number; band: 'red' | 'yellow' | 'green' };

function scoreAfter(
  scores: ReadonlyMap<string, DailyScore>,
  openedOn: string,
  days: number,
  asOf: string,
): DailyScore | null {
  const target = addDays(openedOn, days);
  for (let late = 0; late <= scoreToleranceDays; late += 1) {
    const day = addDays(target, late);
    if (day > asOf) return null;
    const score = scores.get(day);
    if (score) return score;
  }
  return null;
}

/** A company's contracts and the renewals they make (domain §1.1, the renewal records of the risk view). */
export interface CompanyCommercial {
  readonly contracts: readonly Contract[];
  readonly renewals: readonly RenewalRecord[];
}

const noCommercial: CompanyCommercial = { contracts: [], renewals: [] };

/**
 * Each run's outcome measures from the company's later daily scores, its next renewal and its contracts
 * (null while too recent, unscored, or without a renewal decided yet).
 */
export function runOutcome(
  run: PlaybookRunRow,
  scores: ReadonlyMap<string, DailyScore>,
  asOf: string,
  commercial: CompanyCommercial = noCommercial,
): RunOutcome {
  const change = (days: number) => {
    const later = scoreAfter(scores, run.openedOn, days, asOf);
    return later === null ? null : later.score - run.scoreAtOpen;
  };
  const at30 = scoreAfter(scores, run.openedOn, 30, asOf);
  return {
    month: run.openedOn.slice(0, 7),
    heldOut: run.heldOut,
    completed: run.closeReason === 'tasks_completed',
    metrics: {
      healthChange30: change(30),
      healthChange60: change(60),
      healthChange90: change(90),
      recovered30: at30 === null ? null : at30.band === 'red' ? 0 : 1,
      renewed: renewedAtNextRenewal(commercial.renewals, run.openedOn),
      churned90: churnedWithin90Days(commercial.contracts, run.openedOn, asOf),
    },
  };
}

/** The contracts and renewal records of these companies as of `asOf`, by company. */
async function commercialByCompany(
  db: Database,
  portalId: number,
  companyIds: readonly string[],
  asOf: string,
  settings: RenewalSettings,
): Promise<Map<string, CompanyCommercial>> {
  const known = (await listContractsOfCompanies(db, portalId, companyIds)).filter(
    (contract) => contract.closeDate <= asOf,
  );
  const byCompany = new Map<string, CompanyCommercial>();
  for (const [companyId, contracts] of groupContractsByCompany(known))
    byCompany.set(companyId, { contracts, renewals: renewalRecords(contracts, asOf, settings) });
  return byCompany;
}

/** Every run of the playbook with its outcome measures as of `asOf`. */
export async function playbookRunOutcomes(
  db: Database,
  portalId: number,
  playbookId: string,
  asOf: string,
): Promise<RunOutcome[]> {
  const runs = await listRunsOfPlaybook(db, portalId, playbookId);
  if (runs.length === 0) return [];
  const companyIds = [...new Set(runs.map((run) => run.companyId))];
  // Only the days a run is measured on: the first score of each window after it opened. Per company, those of all
  // its runs together give runOutcome the same answer as every stored day would (a window's first score is the
  // earliest day stored in it).
  const openings = [...new Map(runs.map((run) => [`${run.companyId}:${run.openedOn}`, run])).values()].map((run) => ({
    companyId: run.companyId,
    openedOn: run.openedOn,
  }));
  const window = { offsets: measuredDays, toleranceDays: scoreToleranceDays, asOf };
  const byCompany = new Map<string, Map<string, DailyScore>>();
  for (const chunk of chunks(openings, openingsPerRead)) {
    for (const row of await loadScoresAfterOpenings(db, portalId, chunk, window)) {
      const scores = byCompany.get(row.company_id) ?? new Map<string, DailyScore>();
      scores.set(row.score_date, { score: row.score, band: row.band });
      byCompany.set(row.company_id, scores);
    }
  }
  const settings = await loadPortalSettings(db, portalId);
  const commercial = await commercialByCompany(db, portalId, companyIds, asOf, settings.risk.renewal);
  return runs.map((run) =>
    runOutcome(run, byCompany.get(run.companyId) ?? new Map(), asOf, commercial.get(run.companyId)),
  );
}

export async function playbookOutcomes(
  db: Database,
  portalId: number,
  playbookId: string,
  asOf: string,
  options: OutcomeOptions = defaultOutcomeOptions,
): Promise<OutcomeReport> {
  return outcomeReport(await playbookRunOutcomes(db, portalId, playbookId, asOf), options);
}

export interface RunView {
  readonly id: string;
  readonly companyId: string;
  /** HubSpot's name of the company, null when it has none. */
  readonly companyName: string | null;
  readonly status: 'open' | 'closed';
  readonly heldOut: boolean;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly closeReason: string | null;
  readonly evidence: Record<string, unknown>;
  readonly steps: Array<{
    position: number;
    kind: string;
    title: string;
    state: string;
    hubspotId: string | null;
    taskStatus: string | null;
    /** When the task was completed in HubSpot (hs_task_completion_date), ISO. */
    taskCompletedAt: string | null;
    dueOn: string | null;
    error: string | null;
  }>;
}

export async function playbookRuns(
  db: Database,
  portalId: number,
  playbookId: string,
  limit: number,
): Promise<RunView[]> {
  const runs = await listRunsOfPlaybook(db, portalId, playbookId, limit);
  const [steps, names] = await Promise.all([
    listStepsOfRuns(
      db,
      portalId,
      runs.map((run) => run.id),
    ),
    listCompanyNames(
      db,
      portalId,
      runs.map((run) => run.companyId),
    ),
  ]);
  return runs.map((run) => ({
    id: run.id,
    companyId: run.companyId,
    companyName: names.get(run.companyId) ?? null,
    status: run.status,
    heldOut: run.heldOut,
    openedOn: run.openedOn,
    closedOn: run.closedOn,
    closeReason: run.closeReason,
    evidence: run.evidence,
    steps: steps
      .filter((step) => step.runId === run.id)
      .map((step) => ({
        position: step.position,
        kind: step.kind,
        title: step.title,
        state: step.state,
        hubspotId: step.hubspotId,
        taskStatus: step.taskStatus,
        taskCompletedAt: step.taskCompletedAt?.toISOString() ?? null,
        dueOn: step.dueOn,
        error: step.error,
      })),
  }));
}
