import { and, asc, desc, eq, inArray, isNotNull, lt, not, or, sql } from 'drizzle-orm';
import { chunks } from '../../domain/collections/chunks';
import type { Executor } from '../client';
import { companies, playbookRuns, playbookRunSteps } from '../schema';

export type PlaybookRunRow = typeof playbookRuns.$inferSelect;
export type PlaybookRunStepRow = typeof playbookRunSteps.$inferSelect;
export type NewPlaybookRun = typeof playbookRuns.$inferInsert;
export type NewPlaybookRunStep = Omit<typeof playbookRunSteps.$inferInsert, 'portalId' | 'runId'>;

export interface RunToOpen {
  readonly run: NewPlaybookRun;
  readonly steps: readonly NewPlaybookRunStep[];
}

// Rows per statement: a first evaluation of a large portfolio opens tens of thousands of runs.
const runsPerStatement = 500;

/**
 * Opens the runs not already open for their company and playbook (the unique open-run index decides, so two
 * workers open each once), with their steps, a statement per few hundred runs; returns the runs opened now.
 */
export async function openNewRuns(db: Executor, runs: readonly RunToOpen[]): Promise<NewPlaybookRun[]> {
  const opened: NewPlaybookRun[] = [];
  for (const batch of chunks(runs, runsPerStatement)) {
    await db.transaction(async (transaction) => {
      const inserted = await transaction
        .insert(playbookRuns)
        .values(batch.map((entry) => entry.run))
        .onConflictDoNothing()
        .returning({ id: playbookRuns.id });
      const insertedIds = new Set(inserted.map((row) => row.id));
      const openedNow = batch.filter((entry) => insertedIds.has(entry.run.id));
      const steps = openedNow.flatMap((entry) =>
        entry.steps.map((step) => ({ ...step, portalId: entry.run.portalId, runId: entry.run.id })),
      );
      for (const stepBatch of chunks(steps, runsPerStatement))
        await transaction.insert(playbookRunSteps).values(stepBatch);
      opened.push(...openedNow.map((entry) => entry.run));
    });
  }
  return opened;
}

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
  for (let start = 0; start < runIds.length; start += 1_000) {
    const chunk = runIds.slice(start, start + 1_000);
    rows.push(
      ...(await db
        .select()
        .from(playbookRunSteps)
        .where(and(eq(playbookRunSteps.portalId, portalId), inArray(playbookRunSteps.runId, chunk)))
        .orderBy(asc(playbookRunSteps.runId), asc(playbookRunSteps.position))),
    );
  }
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
            and(eq(playbookRuns.portalId, portalId), inArray(playbookRuns.id, ids), eq(playbookRuns.status, 'open')),
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
  for (const chunk of chunks(runIds, 1_000))
    rows.push(
      ...(await db
        .select()
        .from(playbookRuns)
        .where(and(eq(playbookRuns.portalId, portalId), inArray(playbookRuns.id, chunk)))),
    );
  return rows;
}

/**
 * Open treated runs with a step not yet done or failed (the ones a worker has something to perform for), with
 * the owner of their company when it is still there.
 */
export async function listRunsAwaitingSteps(
  db: Executor,
  portalId: number,
): Promise<Array<{ run: PlaybookRunRow; ownerId: string | null }>> {
  const rows = await db
    .select({ run: playbookRuns, ownerId: companies.ownerId })
    .from(playbookRuns)
    .leftJoin(
      companies,
      and(
        eq(companies.portalId, playbookRuns.portalId),
        eq(companies.id, playbookRuns.companyId),
        not(companies.archived),
      ),
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
  return rows;
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
