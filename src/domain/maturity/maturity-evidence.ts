import { z } from 'zod';

const count = z.number().int().nonnegative();

/** What the product saw the team do in the assessment window: the only inputs of the maturity assessment. */
export const maturityEvidenceSchema = z.object({
  /** Customers today. */
  customers: count,
  alerts: z.object({
    /**
     * Companies that raised their first alert of the window at least the action window before its last day,
     * plus those first alerted later that a CSM already acted on: every company that had its chance.
     */
    alertedCompanies: count,
    /** Of those, companies with a CSM action recorded within the action window of their first alert. */
    actedOn: count,
  }),
  csmActions: z.object({
    stagesSet: count,
    milestonesCompleted: count,
    suggestionsDismissed: count,
    dealsFromSuggestions: count,
  }),
  playbooks: z.object({
    /** Playbook runs opened for treated (not held-out) companies in the window. */
    runsOpened: count,
    /** Of those, runs with a task completed. */
    runsProgressing: count,
    onboardingsOpened: count,
    /** Onboardings complete, so their time to value is measured. */
    onboardingsCompleted: count,
  }),
  outcomes: z.object({
    /** Customers with at least one NPS or CSAT answer in the window. */
    surveyedCustomers: count,
    /** NRR per month of the window, oldest first; null for a month without a value. */
    monthlyNrr: z.array(z.number().nullable()),
    /** Playbooks that hold companies out (a holdout above zero). */
    playbooksWithHoldout: count,
    /** Of those, playbooks whose outcome report has enough measured runs in both groups to compare. */
    playbooksMeasured: count,
    /** The outcome report's bar: measured runs needed in each group. */
    minimumRunsPerGroup: count,
  }),
});

export type MaturityEvidence = z.infer<typeof maturityEvidenceSchema>;
