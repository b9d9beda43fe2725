import type { Executor } from '../db/client';
import type { KpiCut } from '../services/kpi/portfolio-kpis-service';
import { cutGroupLabeler, cutNames } from '../services/kpi/cut-group-labels';

/** Each group's title in a table cut by `cut` ("CSM: Aiko Sato", "Tier: Mid-market"); none without a cut. */
export async function groupTitles(
  db: Executor,
  portalId: number,
  cut: KpiCut | undefined,
): Promise<(key: string | null) => string | undefined> {
  if (cut === undefined) return () => undefined;
  const labelOf = await cutGroupLabeler(db, portalId, cut);
  return (key) => `${cutNames[cut]}: ${labelOf(key)}`;
}
