import type { PlaybookDefinitionInput } from './playbook-schema';

const evidenceBody = 'Playbook "{{playbook}}" for {{company}}: {{evidence}}';

/** The set a new demo portal starts with: one play per signal a CSM is expected to act on. */
export const defaultPlaybooks: readonly PlaybookDefinitionInput[] = [
  {
    name: 'Rescue an account now at risk',
    trigger: { kind: 'entered_red' },
    steps: [
      {
        kind: 'task',
        subject: 'Call {{company}}: health is at risk',
        body: `${evidenceBody}\nAgree a recovery plan with the customer.`,
        dueInDays: 2,
        priority: 'HIGH',
      },
      { kind: 'note', body: evidenceBody },
    ],
  },
  {
    name: 'Health dropped sharply',
    trigger: { kind: 'score_drop', points: 15, withinDays: 30 },
    steps: [
      {
        kind: 'task',
        subject: 'Find out why {{company}} dropped',
        body: evidenceBody,
        dueInDays: 3,
        priority: 'MEDIUM',
      },
    ],
  },
  {
    name: 'Onboarding milestone overdue',
    trigger: { kind: 'milestone_overdue', minDaysOverdue: 3 },
    audience: { touchModels: ['high_touch', 'low_touch'] },
    steps: [
      {
        kind: 'task',
        subject: 'Unblock onboarding at {{company}}',
        body: evidenceBody,
        dueInDays: 2,
        priority: 'HIGH',
      },
    ],
  },
  {
    name: 'Renewal at risk',
    trigger: { kind: 'renewal_due', withinDays: 90, bands: ['yellow', 'red'] },
    steps: [
      {
        kind: 'task',
        subject: 'Prepare the renewal of {{company}}',
        body: evidenceBody,
        dueInDays: 5,
        priority: 'HIGH',
      },
    ],
  },
  {
    name: 'Detractor follow-up',
    trigger: { kind: 'detractor_nps', maxScore: 6 },
    steps: [
      {
        kind: 'task',
        subject: 'Follow up the NPS answer of {{company}}',
        body: evidenceBody,
        dueInDays: 3,
        priority: 'MEDIUM',
      },
    ],
  },
  {
    name: 'Seats nearly full',
    trigger: { kind: 'seat_utilization_high', atLeastPercent: 90, forDays: 14 },
    steps: [
      { kind: 'task', subject: 'Offer more seats to {{company}}', body: evidenceBody, dueInDays: 7, priority: 'LOW' },
    ],
  },
  {
    name: 'Gone quiet',
    trigger: { kind: 'no_usage', days: 14 },
    steps: [
      {
        kind: 'task',
        subject: 'Check in with {{company}}: no usage',
        body: evidenceBody,
        dueInDays: 3,
        priority: 'MEDIUM',
      },
    ],
  },
];
