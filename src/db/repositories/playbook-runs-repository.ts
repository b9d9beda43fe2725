import { and, asc, desc, eq, inArray, isNotNull, lt, not, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { chunks } from '../../domain/collections/chunks';
import type { Executor } from '../client';
import type { CompanyOwners } from '../../domain/playbooks/playbook-schema';
import { companies, csmAssignments, playbookRuns, playbookRunSteps } from '../schema';
import { queryRows } from './query-rows';
import { isAnyOf } from './text-array-param';

export type PlaybookRunRow = typeof playbookRuns.$inferSelect;
export type PlaybookRunStepRow = typeof playbookRunSteps.$inferSelect;
export type NewPlaybookRun = typeof playbookRuns.$inferInsert;
export type NewPlaybookRunStep = Omit<typeof playbookRunSteps.$inferInsert, 'portalId' | 'runId'>;

export interface RunToOpen {
  readonly run: NewPlaybookRun;
  readonly steps: readonly NewPlaybookRunStep[];
}

// Runs per statement: a first evaluation of a large portfolio opens tens of thousands of runs.
const runsPerStatement = 2_000;
// Ids per read of runs or steps (one array parameter each): a day of CSM work closes tens of thousands of runs.
const idsPerRead = 10_000;

async function insertRunBatch(db: Executor, batch: readonly RunToOpen[]): Promise<NewPlaybookRun[]> {
  const runRows = batch.map(({ run }) => ({
    portal_id: run.portalId,
    id: run.id,
    playbook_id: run.playbookId,
    company_id: run.companyId,
    status: run.status,
    held_out: run.heldOut,
    opened_on: run.openedOn,
    score_at_open: run.scoreAtOpen,
    evidence: run.evidence,
    closed_on: run.closedOn ?? null,
    close_reason: run.closeReason ?? null,
    created_at: run.createdAt ?? null,
  }));
  const stepRows = batch.flatMap(({ run, steps }) =>
    steps.map((step) => ({
      run_id: run.id,
      position: step.position,
      kind: step.kind,
      title: step.title,
      due_on: step.dueOn ?? null,
      state: step.state ?? 'pending',
      claim: step.claim ?? null,
      claimed_at: step.claimedAt ?? null,
      hubspot_id: step.hubspotId ?? null,
      task_status: step.taskStatus ?? null,
      task_completed_at: step.taskCompletedAt ?? null,
      error: step.error ?? null,
    })),
  );
  const inserted = await queryRows(
    db,
    sql`with inserted as (
          insert into playbook_runs (portal_id, id, playbook_id, company_id, status, held_out, opened_on, score_at_open,
            evidence, closed_on, close_reason, created_at)
          select portal_id, id, playbook_id, company_id, status, held_out, opened_on, score_at_open, evidence, closed_on,
            close_reason, coalesce(created_at, now())
          from jsonb_to_recordset(${JSON.stringify(runRows)}::jsonb) as r(portal_id bigint, id text, playbook_id text,
            company_id text, status text, held_out boolean, opened_on date, score_at_open integer, evidence jsonb,
            closed_on date, close_reason text, created_at timestamptz)
          on conflict do nothing
          returning portal_id, id
        ),
        steps as (
          insert into playbook_run_steps (portal_id, run_id, position, kind, title, due_on, state, claim, claimed_at,
            hubspot_id, task_status, task_completed_at, error)
          select i.portal_id, s.run_id, s.position, s.kind, s.title, s.due_on, s.state, s.claim, s.claimed_at,
            s.hubspot_id, s.task_status, s.task_completed_at, s.error
          from jsonb_to_recordset(${JSON.stringify(stepRows)}::jsonb) as s(run_id text, position integer, kind text, title text, due_on date,
            state text, claim text, claimed_at timestamptz, hubspot_id text, task_status text, task_completed_at timestamptz, error text)
          join inserted i on i.id = s.run_id
        )
        select id from inserted`,
    insertedRunSchema,
  );
  const insertedIds = new Set(inserted.map((row) => row.id));
  return batch.filter((entry) => insertedIds.has(entry.run.id)).map((entry) => entry.run);
}

// Two batches' statements at once: a first evaluation inserts 200k runs, and one statement at a time kept one core
// busy while the other waited.
const concurrentRunBatches = 2;

/**
 * Opens the runs not already open for their company and playbook (the unique open-run index decides, so two
 * workers open each once) with the steps of those opened now: one statement per few thousand runs, its rows sent
 * as one JSON document (a bound value per column and row costs more to build and parse than to insert).
 */
export async function openNewRuns(db: Executor, runs: readonly RunToOpen[]): Promise<NewPlaybookRun[]> {
  const opened: NewPlaybookRun[] = [];
  for (const group of chunks(chunks(runs, runsPerStatement), concurrentRunBatches))
    for (const inserted of await Promise.all(group.map((batch) => insertRunBatch(db, batch)))) opened.push(...inserted);
  return opened;
}

const insertedRunSchema = z.object({ id: z.string() });

export async function listOpenRuns(db: Executor, portalId: number): Promise<PlaybookRunRow[]> {
  return db
    .select()
    .from(playbookRuns)
    .where(and(eq(playbookRuns.portalId, portalId), eq(playbookRuns.status, 'open')));
}

export async function listRunsOfPlaybook(
  db: Executor,
  portalId: number,
  playbookId: string,
  limit?: number,
): Promise<PlaybookRunRow[]> {
  const query = db
    .select()
    .from(playbookRuns)
    .where(and(eq(playbookRuns.portalId, portalId), eq(playbookRuns.playbookId, playbookId)))
    .orderBy(desc(playbookRuns.openedOn), asc(playbookRuns.companyId));
  return limit === undefined ? query : query.limit(limit);
}

export async function listStepsOfRuns(
  db: Executor,
  portalId: number,
  runIds: readonly string[],
): Promise<PlaybookRunStepRow[]> {
  if (runIds.length === 0) return [];
  const rows: PlaybookRunStepRow[] = [];
  for (const chunk of chunks(runIds, idsPerRead))
    rows.push(
      ...(await db
        .select()
        .from(playbookRunSteps)
        .where(and(eq(playbookRunSteps.portalId, portalId), isAnyOf(playbookRunSteps.runId, chunk)))
        .orderBy(asc(playbookRunSteps.runId), asc(playbookRunSteps.position))),
    );
  return rows;
}

export type CloseReason = NonNullable<PlaybookRunRow['closeReason']>;

/**
 * Closes the runs still open (a statement per few hundred runs, each batch in one transaction); returns the
 * reason of each run closed now, so two workers closing the same run count it once.
 */
export async function closeRuns(
  db: Executor,
  portalId: number,
  runs: ReadonlyArray<{ id: string; reason: CloseReason }>,
  closedOn: string,
): Promise<CloseReason[]> {
  const closed: CloseReason[] = [];
  for (const batch of chunks(runs, runsPerStatement)) {
    await db.transaction(async (transaction) => {
      for (const reason of new Set(batch.map((run) => run.reason))) {
        const ids = batch.filter((run) => run.reason === reason).map((run) => run.id);
        const updated = await transaction
          .update(playbookRuns)
          .set({ status: 'closed', closeReason: reason, closedOn })
          .where(
            and(eq(playbookRuns.portalId, portalId), isAnyOf(playbookRuns.id, ids), eq(playbookRuns.status, 'open')),
          )
          .returning({ id: playbookRuns.id });
        closed.push(...updated.map(() => reason));
      }
    });
  }
  return closed;
}

export async function listRunsByIds(
  db: Executor,
  portalId: number,
  runIds: readonly string[],
): Promise<PlaybookRunRow[]> {
  const rows: PlaybookRunRow[] = [];
  for (const chunk of chunks(runIds, idsPerRead))
    rows.push(
      ...(await db
        .select()
        .from(playbookRuns)
        .where(and(eq(playbookRuns.portalId, portalId), isAnyOf(playbookRuns.id, chunk)))),
    );
  return rows;
}

/**
 * Open treated runs with a step not yet done or failed (the ones a worker has something to perform for), with
 * the owner and the CSM of their company when it is still there.
 */
export async function listRunsAwaitingSteps(
  db: Executor,
  portalId: number,
): Promise<Array<{ run: PlaybookRunRow; owners: CompanyOwners }>> {
  const rows = await db
    .select({
      run: playbookRuns,
      ownerId: companies.ownerId,
      csmId: sql<string | null>`coalesce(${csmAssignments.ownerId}, ${companies.ownerId})`,
    })
    .from(playbookRuns)
    .leftJoin(
      companies,
      and(
        eq(companies.portalId, playbookRuns.portalId),
        eq(companies.id, playbookRuns.companyId),
        not(companies.archived),
      ),
    )
    .leftJoin(
      csmAssignments,
      and(eq(csmAssignments.portalId, companies.portalId), eq(csmAssignments.companyId, companies.id)),
    )
    .where(
      and(
        eq(playbookRuns.portalId, portalId),
        eq(playbookRuns.status, 'open'),
        eq(playbookRuns.heldOut, false),
        // Every kind named so the (portal, kind, state) index finds the few unfinished steps among all ever made.
        sql`${playbookRuns.id} in (select s.run_id from ${playbookRunSteps} s where s.portal_id = ${portalId}
          and s.kind in ('task', 'note', 'company_property', 'webhook') and s.state in ('pending', 'claimed', 'unconfirmed'))`,
      ),
    );
  return rows.map(({ run, ownerId, csmId }) => ({ run, owners: { ownerId, csmId } }));
}

export type StepClaim =
  | { readonly claimed: false }
  | { readonly claimed: true; readonly claim: string; readonly mayExist: boolean; readonly claimedBefore: Date | null };

/**
 * Claims a step before HubSpot is called: a pending step, or one whose earlier claim is older than the lease
 * (its worker died, or HubSpot never confirmed). `mayExist`: an earlier attempt may have created the record.
 */
export async function claimStep(
  db: Executor,
  portalId: number,
  runId: string,
  position: number,
  claim: string,
  leaseMs: number,
): Promise<StepClaim> {
  const key = and(
    eq(playbookRunSteps.portalId, portalId),
    eq(playbookRunSteps.runId, runId),
    eq(playbookRunSteps.position, position),
  );
  const [seen] = await db.select().from(playbookRunSteps).where(key);
  if (!seen || seen.state === 'done' || seen.state === 'failed') return { claimed: false };
  const stale = new Date(Date.now() - leaseMs);
  const updated = await db
    .update(playbookRunSteps)
    .set({ state: 'claimed', claim, claimedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        key,
        or(
          and(
            eq(playbookRunSteps.state, 'pending'),
            seen.claim === null ? sql`${playbookRunSteps.claim} is null` : eq(playbookRunSteps.claim, seen.claim),
          ),
          and(
            inArray(playbookRunSteps.state, ['claimed', 'unconfirmed']),
            isNotNull(playbookRunSteps.claimedAt),
            lt(playbookRunSteps.claimedAt, stale),
            seen.claim === null ? sql`false` : eq(playbookRunSteps.claim, seen.claim),
          ),
        ),
      ),
    )
    .returning({ runId: playbookRunSteps.runId });
  if (updated.length === 0) return { claimed: false };
  return { claimed: true, claim, mayExist: seen.state !== 'pending', claimedBefore: seen.claimedAt };
}

export interface StepSettlement {
  readonly state: 'pending' | 'unconfirmed' | 'done' | 'failed';
  readonly hubspotId?: string | null;
  readonly taskStatus?: string | null;
  readonly error?: string | null;
}

/** Records what became of a claimed step; nothing when another worker has since taken the claim over. */
export async function settleStep(
  db: Executor,
  portalId: number,
  runId: string,
  position: number,
  claim: string,
  settlement: StepSettlement,
): Promise<void> {
  await db
    .update(playbookRunSteps)
    .set({ ...settlement, updatedAt: new Date() })
    .where(
      and(
        eq(playbookRunSteps.portalId, portalId),
        eq(playbookRunSteps.runId, runId),
        eq(playbookRunSteps.position, position),
        eq(playbookRunSteps.claim, claim),
      ),
    );
}

/** The HubSpot tasks of open runs, to read their status back. */
export async function listOpenRunTasks(
  db: Executor,
  portalId: number,
): Promise<
  Array<{ runId: string; position: number; hubspotId: string; taskStatus: string | null; taskCompletedAt: Date | null }>
> {
  const rows = await db
    .select({
      runId: playbookRunSteps.runId,
      position: playbookRunSteps.position,
      hubspotId: playbookRunSteps.hubspotId,
      taskStatus: playbookRunSteps.taskStatus,
      taskCompletedAt: playbookRunSteps.taskCompletedAt,
    })
    .from(playbookRunSteps)
    .innerJoin(
      playbookRuns,
      and(eq(playbookRuns.portalId, playbookRunSteps.portalId), eq(playbookRuns.id, playbookRunSteps.runId)),
    )
    .where(
      and(
        eq(playbookRunSteps.portalId, portalId),
        eq(playbookRunSteps.kind, 'task'),
        eq(playbookRunSteps.state, 'done'),
        eq(playbookRuns.status, 'open'),
      ),
    );
  return rows.flatMap((row) => (row.hubspotId === null ? [] : [{ ...row, hubspotId: row.hubspotId }]));
}

export async function recordTaskStatus(
  db: Executor,
  portalId: number,
  runId: string,
  position: number,
  taskStatus: string,
  taskCompletedAt: Date | null,
): Promise<void> {
  await db
    .update(playbookRunSteps)
    .set({ taskStatus, taskCompletedAt, updatedAt: new Date() })
    .where(
      and(
        eq(playbookRunSteps.portalId, portalId),
        eq(playbookRunSteps.runId, runId),
        eq(playbookRunSteps.position, position),
      ),
    );
}
