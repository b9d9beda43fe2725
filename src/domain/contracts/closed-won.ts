import { z } from 'zod';

/** HubSpot pipeline stage metadata: every value is a string ('true', '1.0'). */
export const stageMetadataSchema = z.record(z.string(), z.string());
export type StageMetadata = z.infer<typeof stageMetadataSchema>;

export const pipelineStagesSchema = z.array(
  z.object({
    stages: z.array(z.object({ id: z.string().min(1), metadata: stageMetadataSchema })),
  }),
);

/** Closed won = closed and certain (domain §1.1); a closed stage with probability 0 is closed lost. */
export function isClosedWonStage(metadata: StageMetadata): boolean {
  const probability = metadata.probability?.trim();
  return (
    metadata.isClosed?.trim().toLowerCase() === 'true' &&
    probability !== undefined &&
    probability !== '' &&
    Number(probability) === 1
  );
}

/** The closed-won stage ids of every deal pipeline (stage ids are unique across a portal's pipelines). */
export function closedWonStageIds(pipelines: z.infer<typeof pipelineStagesSchema>): string[] {
  return pipelines.flatMap((pipeline) =>
    pipeline.stages.filter((stage) => isClosedWonStage(stage.metadata)).map((stage) => stage.id),
  );
}
