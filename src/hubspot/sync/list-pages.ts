import type { Client } from '@hubspot/api-client';
import type { CompanyRow } from '../../db/repositories/companies-repository';
import type { OwnerRow } from '../../db/repositories/owners-repository';
import {
  companyProperties,
  dealProperties,
  hubspotObjectSchema,
  toCompanyRow,
  toDealRecord,
  type MappedDeal,
} from './record-mapping';

const pageSize = 100;

/** One page of a HubSpot listing mapped to the product's rows; `nextCursor` is null on the last page. */
export interface ListedPage<Row> {
  readonly rows: Row[];
  readonly nextCursor: string | null;
}

const nextCursorOf = (paging: { next?: { after: string } } | undefined): string | null => paging?.next?.after ?? null;

/** One page of the portal's owners: the active ones, or with `archived` those of deactivated users. */
async function listOwnersPage(
  client: Client,
  portalId: number,
  cursor: string | null,
  archived: boolean,
): Promise<ListedPage<OwnerRow>> {
  const page = await client.crm.owners.ownersApi.getPage(undefined, cursor ?? undefined, pageSize, archived);
  const rows = page.results.map((owner) => ({
    portalId,
    id: owner.id,
    email: owner.email ?? null,
    firstName: owner.firstName ?? null,
    lastName: owner.lastName ?? null,
    userId: owner.userId ?? null,
    teams: (owner.teams ?? []).map((team) => ({ id: team.id, name: team.name, primary: team.primary })),
    archived: owner.archived,
    hubspotUpdatedAt: owner.updatedAt,
  }));
  return { rows, nextCursor: nextCursorOf(page.paging) };
}

// The cursor once the active owners are read: the deactivated users' owners follow.
const archivedOwnersCursor = 'archived:';

/**
 * One page of every owner of the portal: the active ones, then those of users who left the account, which HubSpot
 * lists only with `archived=true` (so such an owner is stored archived). The cursor says which listing it is in.
 */
export async function listEveryOwnerPage(
  client: Client,
  portalId: number,
  cursor: string | null,
): Promise<ListedPage<OwnerRow>> {
  const archived = cursor?.startsWith(archivedOwnersCursor) ?? false;
  const after = archived ? cursor?.slice(archivedOwnersCursor.length) || null : cursor;
  const { rows, nextCursor } = await listOwnersPage(client, portalId, after, archived);
  if (nextCursor !== null) return { rows, nextCursor: `${archived ? archivedOwnersCursor : ''}${nextCursor}` };
  return { rows, nextCursor: archived ? null : archivedOwnersCursor };
}

export async function listCompaniesPage(
  client: Client,
  portalId: number,
  cursor: string | null,
): Promise<ListedPage<CompanyRow>> {
  const page = await client.crm.companies.basicApi.getPage(pageSize, cursor ?? undefined, [...companyProperties]);
  const rows = page.results.map((company) => toCompanyRow(portalId, hubspotObjectSchema.parse(company)));
  return { rows, nextCursor: nextCursorOf(page.paging) };
}

/** Deals with their company associations, primary first. */
export async function listDealsPage(
  client: Client,
  portalId: number,
  cursor: string | null,
): Promise<ListedPage<MappedDeal>> {
  const page = await client.crm.deals.basicApi.getPage(pageSize, cursor ?? undefined, [...dealProperties], undefined, [
    'companies',
  ]);
  const rows = page.results.map((deal) => toDealRecord(portalId, hubspotObjectSchema.parse(deal)));
  return { rows, nextCursor: nextCursorOf(page.paging) };
}
