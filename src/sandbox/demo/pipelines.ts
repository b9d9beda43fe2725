import { defaultSalesPipeline, type FixturePipeline } from '../fixture-schema';

// Custom pipelines get numeric ids in HubSpot; the default one is the only named id.
export const renewalsPipeline: FixturePipeline = {
  id: '812034571',
  label: 'Renewals',
  displayOrder: 1,
  stages: [
    { id: '1190452301', label: 'Renewal Due', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.5' } },
    {
      id: '1190452302',
      label: 'Renewal Negotiation',
      displayOrder: 1,
      metadata: { isClosed: 'false', probability: '0.7' },
    },
    { id: '1190452303', label: 'Renewed', displayOrder: 2, metadata: { isClosed: 'true', probability: '1.0' } },
    { id: '1190452304', label: 'Not Renewed', displayOrder: 3, metadata: { isClosed: 'true', probability: '0.0' } },
  ],
};

export const stageIds = {
  sales: {
    pipeline: defaultSalesPipeline.id,
    won: 'closedwon',
    lost: 'closedlost',
    open: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'],
  },
  renewals: {
    pipeline: renewalsPipeline.id,
    won: '1190452303',
    lost: '1190452304',
    open: ['1190452301', '1190452302'],
  },
} as const;

export type PipelineName = keyof typeof stageIds;
