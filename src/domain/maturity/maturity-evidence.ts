import { z } from 'zod';

const count = z.number().int().nonnegative();

/** What the product saw the team do in the assessment window: the only inputs of the maturity assessment. */
export const maturityEvidenceSchema = z.object({
  /** Customers today. */
  customers: count,
  alerts: z.object({
    /** Companies that raised at least one alert in the window. */
    alertedCompanies: count,
    /** Of those, companies with a CSM action recorded on or after their first alert. */
    actedOn: count,
  }),
  csmActions: z.object({
    stagesSet: count,
    milestonesCompleted: count,
    suggestionsDismissed: count,
    dealsFromSuggestions: count,
  }),
  playbooks: z.object({
    onboardingsOpened: count,
    /** Onboardings with at least one milestone done. */
    onboardingsProgressing: count,
    /** Onboardings complete, so their time to value is measured. */
    onboardingsCompleted: count,
  }),
  outcomes: z.object({
    /** Customers with at least one NPS or CSAT answer in the window. */
    surveyedCustomers: count,
    /** NRR per month of the window, oldest first; null for a month without a value. */
    monthlyNrr: z.array(z.number().nullable()),
  }),
});

export type MaturityEvidence = z.infer<typeof maturityEvidenceSchema>;
