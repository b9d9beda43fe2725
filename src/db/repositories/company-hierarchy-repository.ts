import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { queryRows } from './query-rows';

/**
 * `company_roots(company_id, root_id)`: every live company of the portal with its top-level parent, walking
 * HubSpot's `hs_parent_company_id` up through any number of levels. A parent that is not synced (or archived)
 * ends the walk, so its child is the top of its group. A loop of parents is cut where it closes: every
 * company on it, and every company below it, takes the loop's smallest id as its top.
 */
export function companyRootsQuery(portalId: number): SQL {
  return sql`with recursive parents as (
  select id as company_id, nullif(properties->>'hs_parent_company_id', '') as parent_id
  from companies where portal_id = ${portalId} and not archived
),
walk as (
  select company_id, company_id as current_id, parent_id, array[company_id] as path, false as closed_loop from parents
  union all
  select w.company_id, p.company_id, p.parent_id, w.path || p.company_id, p.company_id = any(w.path)
  from walk w join parents p on p.company_id = w.parent_id
  where not w.closed_loop
),
ends as (
  select distinct on (company_id) company_id, current_id, path, closed_loop from walk order by company_id, cardinality(path) desc
)
select company_id,
  case when closed_loop
    then (select min(member) from unnest(path[array_position(path, current_id):cardinality(path) - 1]) as member)
    else current_id end as root_id
from ends`;
}

const rootRowSchema = z.object({ company_id: z.string(), root_id: z.string() });

/** Each live company's top-level parent (itself when it has none). */
export async function companyRoots(db: Executor, portalId: number): Promise<Map<string, string>> {
  const rows = await queryRows(db, companyRootsQuery(portalId), rootRowSchema);
  return new Map(rows.map((row) => [row.company_id, row.root_id]));
}

const groupMemberRowSchema = z.object({ company_id: z.string(), name: z.string().nullable(), depth: z.number() });

export interface GroupMember {
  readonly companyId: string;
  readonly name: string | null;
  /** 1 for a direct child, 2 for a child's child, ... */
  readonly depth: number;
}

/**
 * `below(company_id, name, depth)`: the live companies under `companyId` (children, their children, ...), each
 * once at its nearest depth; a loop of parents ends the walk. Uses companies_parent_idx at every level.
 */
export function companyDescendantsQuery(portalId: number, companyId: string): SQL {
  return sql`with recursive walk as (
  select id as company_id, name, 1 as depth, array[${companyId}::text, id] as path
  from companies where portal_id = ${portalId} and not archived and properties->>'hs_parent_company_id' = ${companyId}
  union all
  select c.id, c.name, w.depth + 1, w.path || c.id
  from walk w join companies c on c.portal_id = ${portalId} and not c.archived
    and c.properties->>'hs_parent_company_id' = w.company_id and not c.id = any(w.path)
),
below as (select distinct on (company_id) company_id, name, depth::int as depth from walk order by company_id, depth)`;
}

/** Nearest first, then by name. */
export function byDepthThenName(left: GroupMember, right: GroupMember): number {
  return left.depth - right.depth || (left.name ?? '').localeCompare(right.name ?? '');
}

/** The companies below `companyId` (children, their children, ...), nearest first; a loop of parents ends the walk. */
export async function listCompanyDescendants(
  db: Executor,
  portalId: number,
  companyId: string,
): Promise<GroupMember[]> {
  const rows = await queryRows(
    db,
    sql`${companyDescendantsQuery(portalId, companyId)} select company_id, name, depth from below`,
    groupMemberRowSchema,
  );
  return rows.map((row) => ({ companyId: row.company_id, name: row.name, depth: row.depth })).sort(byDepthThenName);
}
