import { z } from 'zod';

// Shared by the service (which builds it) and the playbooks page (which parses it): zod only, so the pages bundle
// builds from this folder alone.

/** One outcome measure of a playbook, treated companies against its holdout (issue 20's report, in words). */
const playbookOutcomeSchema = z
  .object({
    label: z.string(),
    /** `points` of health, or a `share` of the runs (0 to 1). */
    unit: z.enum(['points', 'share']),
    treated: z.object({ runs: z.number().int(), mean: z.number().nullable() }).strict(),
    holdout: z.object({ runs: z.number().int(), mean: z.number().nullable() }).strict(),
    difference: z.number().nullable(),
    interval95: z.tuple([z.number(), z.number()]).nullable(),
    /** What the comparison shows, or that there are too few runs to conclude. */
    conclusion: z.string(),
  })
  .strict();

const playbookSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** When it fires, in words ("health drops more than 15 points in 30 days"). */
    firesWhen: z.string(),
    enabled: z.boolean(),
    holdoutPercent: z.number(),
    /** Runs opened since the playbook started, held-out ones included. */
    started: z.number().int(),
    /** Treated runs with every task done. */
    completed: z.number().int(),
    heldOut: z.number().int(),
    outcomes: z.array(playbookOutcomeSchema),
  })
  .strict();

export const playbooksPayloadSchema = z
  .object({
    /** The day the outcomes are measured on, in the portal's time zone. */
    asOf: z.string(),
    playbooks: z.array(playbookSummarySchema),
  })
  .strict();

export type PlaybooksPayload = z.infer<typeof playbooksPayloadSchema>;
export type PlaybookSummary = z.infer<typeof playbookSummarySchema>;
