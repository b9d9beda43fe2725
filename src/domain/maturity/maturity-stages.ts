import { z } from 'zod';

export const maturityStageSchema = z.enum(['reactive', 'insight_and_action', 'outcome', 'transformation']);
export type MaturityStage = z.infer<typeof maturityStageSchema>;
export const maturityStages = maturityStageSchema.options;

/** Seed 004's four stages of customer success practice, in its words. */
export const maturityStageDescriptions: Record<
  MaturityStage,
  { readonly label: string; readonly description: string }
> = {
  reactive: { label: 'Reactive', description: 'Escalations are handled case by case.' },
  insight_and_action: { label: 'Insight and action', description: 'The whole team acts on data.' },
  outcome: { label: 'Outcome', description: 'Proactive outcomes are delivered to customers at scale.' },
  transformation: {
    label: 'Transformation',
    description: 'The whole company rallies around the customer success mission.',
  },
};

export const maturityContext =
  'Why it matters: teams that move up a stage typically lift net revenue retention by about +3 points from reactive to insight and action, ' +
  '+4 to outcome and +11 to transformation. These are published benchmarks for context, not a forecast for this team.';
