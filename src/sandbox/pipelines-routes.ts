import { HubSpotError, validationError } from './errors';
import type { FixturePipeline } from './fixture-schema';
import { resolveObjectType } from './object-types';
import { pipelineInstant } from './pipeline-dates';
import { pathParam, type RegisterRoute } from './route-helpers';
import type { SandboxStore } from './store';

function stageView(stage: FixturePipeline['stages'][number], index: number, instant: string): Record<string, unknown> {
  return {
    id: stage.id,
    label: stage.label,
    displayOrder: stage.displayOrder ?? index,
    metadata: stage.metadata,
    createdAt: instant,
    updatedAt: instant,
    archived: false,
    writePermissions: 'CRUD_ALL',
  };
}

function pipelineView(pipeline: FixturePipeline, index: number, instant: string): Record<string, unknown> {
  return {
    id: pipeline.id,
    label: pipeline.label,
    displayOrder: pipeline.displayOrder ?? index,
    stages: pipeline.stages.map((stage, stageIndex) => stageView(stage, stageIndex, instant)),
    createdAt: instant,
    updatedAt: instant,
    archived: false,
  };
}

export function registerPipelineRoutes(register: RegisterRoute, store: SandboxStore): void {
  const pipelinesOf = (name: string): FixturePipeline[] => {
    if (resolveObjectType(name) !== 'deals')
      throw validationError(`The sandbox keeps pipelines for deals only, not for ${name}`);
    return store.dealPipelines;
  };
  const pipelineOf = (name: string, pipelineId: string): [FixturePipeline, number] => {
    const pipelines = pipelinesOf(name);
    const index = pipelines.findIndex((pipeline) => pipeline.id === pipelineId);
    const pipeline = pipelines[index];
    if (!pipeline)
      throw new HubSpotError(404, 'OBJECT_NOT_FOUND', `Unable to find pipeline ${pipelineId}`, {
        context: { pipelineId: [pipelineId] },
      });
    return [pipeline, index];
  };

  register('get', '/crm/v3/pipelines/:objectType', (request, response) => {
    const instant = pipelineInstant(store);
    response.json({
      results: pipelinesOf(pathParam(request, 'objectType')).map((pipeline, index) =>
        pipelineView(pipeline, index, instant),
      ),
    });
  });

  register('get', '/crm/v3/pipelines/:objectType/:pipelineId', (request, response) => {
    const [pipeline, index] = pipelineOf(pathParam(request, 'objectType'), pathParam(request, 'pipelineId'));
    response.json(pipelineView(pipeline, index, pipelineInstant(store)));
  });

  register('get', '/crm/v3/pipelines/:objectType/:pipelineId/stages', (request, response) => {
    const [pipeline] = pipelineOf(pathParam(request, 'objectType'), pathParam(request, 'pipelineId'));
    const instant = pipelineInstant(store);
    response.json({ results: pipeline.stages.map((stage, index) => stageView(stage, index, instant)) });
  });

  register('get', '/crm/v3/pipelines/:objectType/:pipelineId/stages/:stageId', (request, response) => {
    const [pipeline] = pipelineOf(pathParam(request, 'objectType'), pathParam(request, 'pipelineId'));
    const stageId = pathParam(request, 'stageId');
    const index = pipeline.stages.findIndex((stage) => stage.id === stageId);
    const stage = pipeline.stages[index];
    if (!stage)
      throw new HubSpotError(404, 'OBJECT_NOT_FOUND', `Unable to find stage ${stageId}`, {
        context: { stageId: [stageId] },
      });
    response.json(stageView(stage, index, pipelineInstant(store)));
  });
}
