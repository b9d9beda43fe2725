import type { Executor } from '../../db/client';
import { dealPipelines } from '../../db/repositories/pipelines-repository';
import { findRenewalCheck } from '../../db/repositories/renewal-checks-repository';
import { pipelineNamed } from '../../domain/contracts/deal-types';
import { renewalsNote } from '../../domain/kpi/renewals-note';
import { portalSettingsForReading } from '../settings/settings-service';

/**
 * The KPI reports' sentence about the portal's deals that look like renewals of a term ending near them, or of a deal
 * type or pipeline its settings do not read, if any; and about pipelines the setting `dealPipelines` names that the
 * portal does not have (a typo, or one renamed since), whose deals it therefore does not read.
 */
export async function renewalsNoteOf(db: Executor, portalId: number): Promise<string | null> {
  const check = await findRenewalCheck(db, portalId);
  if (check === undefined) return null;
  const { kpi } = await portalSettingsForReading(db, portalId);
  const pipelines = await dealPipelines(db, portalId);
  const unmatched = Object.keys(kpi.dealPipelines).filter((named) => pipelineNamed(named, pipelines) === undefined);
  return renewalsNote({
    ...check,
    withinDays: kpi.renewals.withinDays,
    unmatchedPipelines: unmatched,
    pipelineLabels: pipelines.map((pipeline) => pipeline.label),
  });
}
