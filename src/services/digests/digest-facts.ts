import type { Executor } from '../../db/client';
import { listContracts } from '../../db/repositories/contracts-repository';
import { listDigestRuns, listLatestScores, type LatestScoreRow } from '../../db/repositories/digest-facts-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { listCompanyGroups } from '../../db/repositories/risk-models-repository';
import { dealKindSchema, type Contract } from '../../domain/contracts/contract-schema';
import type { DigestFacts, ScoredDay } from '../../domain/digests/compose-digest';
import { renewalHorizonDays } from '../../domain/digests/compose-digest';
import type { DigestPeriod } from '../../domain/digests/digest-schedule';
import { healthExplanationSchema } from '../../domain/health/health-score';
import { renewalRecords } from '../../domain/renewals/renewal-records';
import { addDays } from '../../domain/time/calendar-date';
import { loadPortalSettings } from '../settings/settings-service';

function scoredDay(row: LatestScoreRow): ScoredDay {
  const explanation = healthExplanationSchema.safeParse(row.explanation);
  return {
    date: row.score_date,
    score: row.score,
    band: row.band,
    explanation: explanation.success ? explanation.data : null,
  };
}

function contractsByCompany(rows: Awaited<ReturnType<typeof listContracts>>): Map<string, Contract[]> {
  const grouped = new Map<string, Contract[]>();
  for (const row of rows) {
    const contract: Contract = {
      dealId: row.dealId,
      companyId: row.companyId,
      kind: dealKindSchema.parse(row.kind),
      product: row.product,
      mrrMinor: row.mrrMinor,
      startDate: row.startDate,
      endDate: row.endDate,
      seats: row.seats,
      closeDate: row.closeDate ?? row.startDate,
    };
    grouped.set(row.companyId, [...(grouped.get(row.companyId) ?? []), contract]);
  }
  return grouped;
}

/** What the product stores that a digest of `period` tells: scores around it, playbook runs, renewals ahead. */
export async function loadDigestFacts(db: Executor, portal: Portal, period: DigestPeriod): Promise<DigestFacts> {
  const [groups, before, now, runs, contractRows, settings] = await Promise.all([
    listCompanyGroups(db, portal.id),
    listLatestScores(db, portal.id, addDays(period.firstDay, -1)),
    listLatestScores(db, portal.id, period.lastDay),
    listDigestRuns(db, portal.id, period.firstDay),
    listContracts(db, portal.id),
    loadPortalSettings(db, portal.id),
  ]);
  const beforeOf = new Map(before.map((row) => [row.company_id, scoredDay(row)]));
  const nowOf = new Map(now.map((row) => [row.company_id, scoredDay(row)]));
  const lastRenewalDay = addDays(period.sentOn, renewalHorizonDays);
  const renewals = [...contractsByCompany(contractRows).values()].flatMap((contracts) =>
    renewalRecords(contracts, period.sentOn, settings.risk.renewal)
      .filter(
        (record) =>
          record.outcome === 'pending' && record.renewalDate >= period.sentOn && record.renewalDate <= lastRenewalDay,
      )
      .map((record) => ({
        companyId: record.companyId,
        renewalDate: record.renewalDate,
        amountMinor: record.amountMinor,
        healthBand: nowOf.get(record.companyId)?.band ?? null,
      })),
  );
  return {
    portalId: portal.id,
    currency: portal.currency,
    // A CSM's digest tells of the companies they look after, owned by them or (sales keeping the owner) assigned.
    companies: new Map(
      [...groups.companies].map(([id, company]) => [id, { name: company.name, csmId: company.csmId }]),
    ),
    scores: [...nowOf.keys()].map((companyId) => ({
      companyId,
      before: beforeOf.get(companyId) ?? null,
      now: nowOf.get(companyId) ?? null,
    })),
    runs: runs.map((run) => ({
      runId: run.run_id,
      playbookName: run.playbook_name ?? 'A removed playbook',
      companyId: run.company_id,
      openedOn: run.opened_on,
      open: run.status === 'open',
      tasks: run.tasks.map((task) => ({
        title: task.title,
        dueOn: task.due_on,
        completed: task.task_status === 'COMPLETED',
      })),
    })),
    renewals,
  };
}
