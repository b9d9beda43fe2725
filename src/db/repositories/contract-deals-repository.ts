import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { contracts, deals } from '../schema';
import type { StoredContract } from './contracts-repository';

export interface ContractDeal {
  readonly contract: StoredContract;
  /** The deal's properties as synced, which the contract was derived from. */
  readonly properties: Record<string, string | null>;
}

/** Every contract of these companies with the properties of its deal. */
export async function listContractDeals(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
): Promise<ContractDeal[]> {
  if (companyIds.length === 0) return [];
  return db
    .select({ contract: contracts, properties: deals.properties })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(and(eq(contracts.portalId, portalId), inArray(contracts.companyId, [...companyIds])))
    .orderBy(contracts.companyId, contracts.startDate, contracts.dealId);
}

const statedKind = sql`coalesce(lower(trim(${deals.properties} ->> 'cs_deal_kind')), '')`;
const dealTypeKey = sql`lower(trim(${deals.dealType}))`;

function valueIn(value: SQL, values: readonly string[]): SQL {
  return values.length === 0
    ? sql`false`
    : sql`${value} in (${sql.join(
        values.map((item) => sql`${item}`),
        sql`, `,
      )})`;
}

/** Deal types (lower case) and pipelines (ids) read as one kind, or read differently than before. */
export interface ReadAs {
  readonly dealTypes: readonly string[];
  readonly pipelines: readonly string[];
}

function notSet(property: string): SQL {
  return sql`coalesce(trim(${deals.properties} ->> ${property}), '') = ''`;
}

function readAs(values: ReadAs): SQL {
  return sql`(${valueIn(dealTypeKey, values.dealTypes)} or ${valueIn(sql`${deals.pipelineId}`, values.pipelines)})`;
}

/**
 * The companies with a contract whose deal may follow on as a renewal: an upsell by its deal type or pipeline alone
 * (no `cs_deal_kind`), or a renewal (stated, or by its deal type or pipeline) with no `cs_contract_start`; and those
 * with a contract whose kind comes from a deal type or pipeline read differently than before (`changed`). Only their
 * contracts can the renewal rule, or a new reading, change; and those with an upsell or cross-sell stating no end or
 * term, which the rule may co-term. (The exact tests are the domain's; this one may include more.)
 */
export async function companiesWithContractsToDerive(
  db: Executor,
  portalId: number,
  read: { readonly upsell: ReadAs; readonly renewal: ReadAs; readonly changed: ReadAs },
): Promise<string[]> {
  const noStart = notSet('cs_contract_start');
  const rows = await db
    .selectDistinct({ companyId: contracts.companyId })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(
      and(
        eq(contracts.portalId, portalId),
        sql`((${statedKind} = '' and (${readAs(read.upsell)} or ${readAs(read.changed)}))
          or ((${statedKind} = 'renewal' or (${statedKind} = '' and ${readAs(read.renewal)})) and ${noStart})
          or (${contracts.kind} in ('upsell', 'cross_sell') and ${notSet('cs_contract_end')} and ${notSet('cs_term_months')}))`,
      ),
    )
    .orderBy(contracts.companyId);
  return rows.map((row) => row.companyId);
}

/** The portal's contracts whose kind comes from a deal type it does not read (none of `known`), per type. */
export async function countUnknownDealTypes(
  db: Executor,
  portalId: number,
  known: readonly string[],
  pipelinesRead: readonly string[],
): Promise<{ dealType: string; deals: number }[]> {
  return db
    .select({ dealType: sql<string>`min(trim(${deals.dealType}))`, deals: sql<number>`count(*)::int` })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(
      and(
        eq(contracts.portalId, portalId),
        sql`${statedKind} = '' and coalesce(${dealTypeKey}, '') <> '' and not ${valueIn(dealTypeKey, known)}`,
        sql`not ${valueIn(sql`coalesce(${deals.pipelineId}, '')`, pipelinesRead)}`,
      ),
    )
    .groupBy(dealTypeKey)
    .orderBy(sql`count(*) desc`, dealTypeKey);
}

/**
 * The portal's contracts of a pipeline other than the default one whose deals state no kind and carry no deal type:
 * new business by domain §1.1, unless the KPI setting `dealPipelines` reads the pipeline (`read`). Per pipeline.
 */
export async function countUnreadPipelines(
  db: Executor,
  portalId: number,
  read: readonly string[],
): Promise<{ pipelineId: string; deals: number }[]> {
  const pipeline = sql<string>`${deals.pipelineId}`;
  return db
    .select({ pipelineId: pipeline, deals: sql<number>`count(*)::int` })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(
      and(
        eq(contracts.portalId, portalId),
        sql`${statedKind} = '' and coalesce(${dealTypeKey}, '') = ''`,
        sql`coalesce(${deals.pipelineId}, 'default') <> 'default' and not ${valueIn(pipeline, read)}`,
      ),
    )
    .groupBy(deals.pipelineId)
    .orderBy(sql`count(*) desc`, deals.pipelineId);
}

/** The companies the stored contracts of these deals belong to. */
export async function companiesOfContractDeals(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
): Promise<string[]> {
  if (dealIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ companyId: contracts.companyId })
    .from(contracts)
    .where(and(eq(contracts.portalId, portalId), inArray(contracts.dealId, [...dealIds])));
  return rows.map((row) => row.companyId);
}
