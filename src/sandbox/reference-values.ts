import type { FixturePipeline } from './fixture-schema';
import type { ObjectType } from './object-types';
import type { PropertyDefinition } from './property-schemas';
import { invalid, invalidOption, type InvalidValue } from './property-values';

/** What values of owner, pipeline and stage properties are checked against: the portal's owners and deal pipelines. */
export interface ReferenceSource {
  ownerIds(): ReadonlySet<string>;
  dealPipelines(): readonly FixturePipeline[];
  /** The company currency and the portal's additional ones: the only values `deal_currency_code` takes. */
  currencies(): readonly string[];
}

/** The pipeline HubSpot puts a deal in when a write names none: the one with id `default` every account starts with. */
export function defaultDealPipeline(pipelines: readonly FixturePipeline[]): FixturePipeline | undefined {
  return pipelines.find((pipeline) => pipeline.id === 'default') ?? pipelines[0];
}

function invalidDealPlacement(
  values: Record<string, string | null>,
  source: ReferenceSource,
  current: Record<string, string | null> | undefined,
): InvalidValue[] {
  if (!('pipeline' in values) && !('dealstage' in values)) return [];
  const pipelines = source.dealPipelines();
  const pipelineId = values.pipeline ?? current?.pipeline ?? defaultDealPipeline(pipelines)?.id ?? null;
  const pipeline = pipelines.find((each) => each.id === pipelineId);
  if (!pipeline)
    return pipelineId === null
      ? []
      : [
          invalidOption(
            'pipeline',
            pipelineId,
            pipelines.map((each) => each.id),
          ),
        ];
  const stage = values.dealstage ?? current?.dealstage ?? null;
  // A stage belongs to exactly one pipeline: moving a deal to another pipeline needs one of that pipeline's stages.
  if (stage === null || pipeline.stages.some((each) => each.id === stage)) return [];
  return [
    invalidOption(
      'dealstage',
      stage,
      pipeline.stages.map((each) => each.id),
    ),
  ];
}

/**
 * Values that name something that does not exist in the portal: an owner id no owner has, a pipeline the object
 * type does not have, a deal stage outside the deal's pipeline. `current` is the record's values before an update.
 */
export function invalidReferences(
  type: ObjectType,
  values: Record<string, string | null>,
  definitionOf: (name: string) => PropertyDefinition | undefined,
  source: ReferenceSource,
  current?: Record<string, string | null>,
): InvalidValue[] {
  const problems: InvalidValue[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === null || definitionOf(name)?.referencedObjectType !== 'OWNER') continue;
    if (!source.ownerIds().has(value))
      problems.push(invalid(name, 'INVALID_OWNER_ID', `${value} is not a valid owner id`));
  }
  if (type === 'deals') problems.push(...invalidDealPlacement(values, source, current));
  const currency = values.deal_currency_code;
  if (type === 'deals' && currency !== undefined && currency !== null && !source.currencies().includes(currency))
    problems.push(invalidOption('deal_currency_code', currency, [...source.currencies()]));
  return problems;
}
