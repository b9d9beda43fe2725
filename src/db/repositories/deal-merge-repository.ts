import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { CompanyMerge } from './company-merge-repository';
import { archiveDeals } from './crm-record-changes-repository';
import { textArrayParam } from './text-array-param';

/**
 * A deal HubSpot made of others keeps their hand-off (the survivor's own, else the first merged deal's) with its
 * HubSpot task and note, so the merge is not handed to CS again; the merged deals are archived with their contracts.
 */
export async function applyDealMerges(db: Executor, portalId: number, merges: readonly CompanyMerge[]): Promise<void> {
  for (const { survivorId, mergedIds } of merges) {
    const merged = textArrayParam(mergedIds);
    await db.execute(sql`insert into handoffs (portal_id, deal_id, company_id, deal_kind, missing_fields, incomplete,
        csm_owner_id, onboarding_ensured_at, created_at, updated_at)
      select h.portal_id, ${survivorId}, h.company_id, h.deal_kind, h.missing_fields, h.incomplete, h.csm_owner_id,
        h.onboarding_ensured_at, h.created_at, now()
      from handoffs h join unnest(${merged}) with ordinality as m(id, position) on h.deal_id = m.id
      where h.portal_id = ${portalId}::bigint order by m.position limit 1
      on conflict do nothing`);
    await db.execute(sql`insert into handoff_engagements (portal_id, deal_id, kind, object_type, marker, started_at,
        hubspot_id, content_hash, closed_at, updated_at)
      select distinct on (e.kind) e.portal_id, ${survivorId}, e.kind, e.object_type, e.marker, e.started_at,
        e.hubspot_id, e.content_hash, e.closed_at, now()
      from handoff_engagements e join unnest(${merged}) with ordinality as m(id, position) on e.deal_id = m.id
      where e.portal_id = ${portalId}::bigint order by e.kind, m.position
      on conflict do nothing`);
    await db.execute(
      sql`delete from handoff_engagements where portal_id = ${portalId}::bigint and deal_id = any(${merged})`,
    );
    await db.execute(sql`delete from handoffs where portal_id = ${portalId}::bigint and deal_id = any(${merged})`);
  }
  await archiveDeals(
    db,
    portalId,
    merges.flatMap((merge) => merge.mergedIds),
  );
}
