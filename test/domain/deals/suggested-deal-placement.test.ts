import { describe, expect, it } from 'vitest';
import { placeSuggestedDeal, type PipelineStage } from '../../../src/domain/deals/suggested-deal-placement';

const stage = (pipelineId: string, id: string, displayOrder: number, isClosed = false): PipelineStage => ({
  pipelineId,
  pipelineLabel: pipelineId === 'default' ? 'Sales Pipeline' : 'Renewals',
  id,
  label: id,
  displayOrder,
  isClosed,
});

// A portal that renamed and reordered its default stages: the first open stage by display order is "discovery".
const stages = [
  stage('default', 'appointmentscheduled', 3),
  stage('default', 'discovery', 1),
  stage('default', 'closedwon', 0, true),
  stage('default', 'closedlost', 9, true),
  stage('812', 'up_for_renewal', 0),
  stage('812', 'renewed', 1, true),
];

describe('where a suggested deal goes', () => {
  it.each([
    { settings: {}, expected: { ok: true, pipelineId: 'default', stageId: 'discovery' } },
    { settings: { pipelineId: '812' }, expected: { ok: true, pipelineId: '812', stageId: 'up_for_renewal' } },
    {
      settings: { stageId: 'appointmentscheduled' },
      expected: { ok: true, pipelineId: 'default', stageId: 'appointmentscheduled' },
    },
    {
      settings: { pipelineId: '812', stageId: 'up_for_renewal' },
      expected: { ok: true, pipelineId: '812', stageId: 'up_for_renewal' },
    },
  ])('$settings -> $expected.stageId', ({ settings, expected }) => {
    expect(placeSuggestedDeal(stages, settings)).toEqual(expected);
  });

  it.each([
    {
      settings: { stageId: 'gone' },
      message:
        'suggested deal stage gone is not a stage of any deal pipeline (pipelines: default (Sales Pipeline), 812 (Renewals))',
    },
    {
      settings: { pipelineId: '812', stageId: 'discovery' },
      message: 'suggested deal stage discovery is not a stage of deal pipeline 812',
    },
    { settings: { stageId: 'closedwon' }, message: 'suggested deal stage closedwon (closedwon) is a closed stage' },
    { settings: { pipelineId: 'nope' }, message: 'suggested deal pipeline nope does not exist' },
  ])('refuses $settings, naming it', ({ settings, message }) => {
    const placement = placeSuggestedDeal(stages, settings);
    expect(placement.ok).toBe(false);
    expect(placement.ok ? '' : placement.message).toContain(message);
  });

  it('asks for a pipeline when the default one was deleted, and refuses a pipeline with only closed stages', () => {
    const withoutDefault = stages.filter((each) => each.pipelineId !== 'default');
    expect(placeSuggestedDeal(withoutDefault, {})).toEqual({
      ok: false,
      message: 'the default deal pipeline (id default) is gone; set a pipeline (pipelines: 812 (Renewals))',
    });
    expect(placeSuggestedDeal([stage('x', 'done', 0, true)], { pipelineId: 'x' })).toEqual({
      ok: false,
      message: 'deal pipeline x has no open stage for suggested deals',
    });
  });
});
