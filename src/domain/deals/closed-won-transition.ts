/** What was stored of a deal before a change: its stage and whether it had been removed. */
export interface DealStageBefore {
  readonly stageId: string | null;
  readonly archived: boolean;
}

/**
 * The one rule for "this change moved the deal into closed won", which starts a hand-off; the full sync, the
 * incremental sync and the webhooks all apply it. A deal in a closed-won stage entered it unless it was already
 * (not removed) in one. A deal never stored before entered it when `unseenDealsCount`: true for changes HubSpot
 * reports, false for a portal's first full sync (the past is not handed off).
 */
export function enteredClosedWon(
  stageId: string | null,
  before: DealStageBefore | undefined,
  closedWonStageIds: ReadonlySet<string>,
  unseenDealsCount: boolean,
): boolean {
  if (stageId === null || !closedWonStageIds.has(stageId)) return false;
  if (before === undefined) return unseenDealsCount;
  return before.archived || before.stageId === null || !closedWonStageIds.has(before.stageId);
}
