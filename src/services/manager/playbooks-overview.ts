import type { PlaybooksPayload } from '../../../extensions/app/pages/shared/playbooks-payload';
import type { Database } from '../../db/client';
import { outcomeMetricLabels } from '../../domain/playbooks/outcome-statistics';
import { triggerInWords } from '../../domain/playbooks/trigger-words';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { listPlaybooks } from '../playbooks/playbook-definitions';
import { playbookOutcomes } from '../playbooks/playbook-outcomes';

/** The manager's playbooks page: each playbook with its runs and its outcomes against the holdout, as of `asOf`. */
export async function loadPlaybooksOverview(
  db: Database,
  portalId: number,
  asOf: CalendarDate,
): Promise<PlaybooksPayload> {
  const playbooks = await listPlaybooks(db, portalId);
  const summaries: PlaybooksPayload['playbooks'] = [];
  // One after the other: each report reads its runs' scores, and a portal has a handful of playbooks.
  for (const playbook of playbooks) {
    const { overall } = await playbookOutcomes(db, portalId, playbook.id, asOf);
    summaries.push({
      id: playbook.id,
      name: playbook.name,
      firesWhen: triggerInWords(playbook.trigger),
      enabled: playbook.enabled,
      holdoutPercent: playbook.holdoutPercent,
      started: overall.started,
      completed: overall.completed,
      heldOut: overall.heldOut,
      outcomes: overall.comparisons.map((comparison) => ({
        label: outcomeMetricLabels[comparison.metric],
        unit: comparison.metric.startsWith('healthChange') ? 'points' : 'share',
        treated: comparison.treated,
        holdout: comparison.holdout,
        difference: comparison.difference,
        interval95: comparison.interval95,
        conclusion: comparison.conclusion,
      })),
    });
  }
  return { asOf, playbooks: summaries };
}
