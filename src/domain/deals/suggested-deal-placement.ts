import { z } from 'zod';

/** Where the card's "create suggested deal" puts the deal; unset parts take the default (see `placeSuggestedDeal`). */
export const suggestedDealSettingsSchema = z.object({
  pipelineId: z.string().trim().min(1).optional(),
  stageId: z.string().trim().min(1).optional(),
});

export type SuggestedDealSettings = z.infer<typeof suggestedDealSettingsSchema>;

export interface PipelineStage {
  readonly pipelineId: string;
  readonly pipelineLabel: string;
  readonly id: string;
  readonly label: string;
  readonly displayOrder: number;
  readonly isClosed: boolean;
}

export type Placement =
  | { readonly ok: true; readonly pipelineId: string; readonly stageId: string }
  | { readonly ok: false; readonly message: string };

// Every HubSpot account starts with this deal pipeline; portals cannot mark another one as the default through the API.
export const defaultDealPipelineId = 'default';

function firstOpenStage(stages: readonly PipelineStage[], pipelineId: string): PipelineStage | undefined {
  return stages
    .filter((stage) => stage.pipelineId === pipelineId && !stage.isClosed)
    .sort((left, right) => left.displayOrder - right.displayOrder || left.id.localeCompare(right.id))[0];
}

function pipelineNames(stages: readonly PipelineStage[]): string {
  const names = new Map(stages.map((stage) => [stage.pipelineId, `${stage.pipelineId} (${stage.pipelineLabel})`]));
  return [...names.values()].join(', ') || 'none';
}

/**
 * The pipeline and stage of a suggested deal (or, named by `subject`, another deal the app creates), chosen from the portal's synced deal pipelines. Default: the first open
 * stage, by display order, of the `default` pipeline. A configured stage names its pipeline (stage ids are unique in
 * a portal); a configured pipeline alone takes its first open stage. A stage that does not exist, is closed, or lies
 * outside the configured pipeline is refused with a message naming it.
 */
export function placeSuggestedDeal(
  stages: readonly PipelineStage[],
  settings: SuggestedDealSettings,
  subject = 'suggested deal',
): Placement {
  if (settings.stageId !== undefined) {
    const stage = stages.find(
      (each) =>
        each.id === settings.stageId && (settings.pipelineId === undefined || each.pipelineId === settings.pipelineId),
    );
    if (!stage) {
      const where = settings.pipelineId === undefined ? 'any deal pipeline' : `deal pipeline ${settings.pipelineId}`;
      return {
        ok: false,
        message: `${subject} stage ${settings.stageId} is not a stage of ${where} (pipelines: ${pipelineNames(stages)})`,
      };
    }
    if (stage.isClosed)
      return {
        ok: false,
        message: `${subject} stage ${stage.id} (${stage.label}) is a closed stage; choose an open one`,
      };
    return { ok: true, pipelineId: stage.pipelineId, stageId: stage.id };
  }
  const pipelineId = settings.pipelineId ?? defaultDealPipelineId;
  if (!stages.some((stage) => stage.pipelineId === pipelineId)) {
    const setting =
      settings.pipelineId === undefined
        ? 'the default deal pipeline (id default) is gone; set a pipeline'
        : `${subject} pipeline ${pipelineId} does not exist`;
    return { ok: false, message: `${setting} (pipelines: ${pipelineNames(stages)})` };
  }
  const stage = firstOpenStage(stages, pipelineId);
  if (!stage) return { ok: false, message: `deal pipeline ${pipelineId} has no open stage for ${subject}s` };
  return { ok: true, pipelineId, stageId: stage.id };
}
