import { formatMoney } from '../../../extensions/app/cards/components/format';
import type { Database } from '../../db/client';
import { listCompanySummaries, type CompanySummaryRow } from '../../db/repositories/companies-repository';
import { listCsmNames } from '../../db/repositories/csm-assignments-repository';
import { findCompanyRecord } from '../../db/repositories/company-record-repository';
import { listLatestHealthBands, type CompanyHealthBandRow } from '../../db/repositories/portfolio-health-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { customerStatusOf, type CustomerStatus } from '../../domain/contracts/customer-status';

export interface PortfolioRow {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  /**
   * The CSM assigned at hand-off, else the company's owner; null when neither, and for a prospect nobody handed off,
   * whose owner is selling to it, not its CSM.
   */
  readonly csm: string | null;
  readonly tier: string | null;
  readonly status: CustomerStatus;
  readonly mrr: string;
  readonly health: Pick<CompanyHealthBandRow, 'score' | 'band'> | null;
}

export interface PortfolioPage {
  readonly rows: readonly PortfolioRow[];
  /** 1 for the first page. */
  readonly page: number;
  readonly nextPage: number | null;
}

export function ownerName(
  row: Pick<CompanySummaryRow, 'ownerFirstName' | 'ownerLastName' | 'ownerEmail'>,
): string | null {
  const name = [row.ownerFirstName, row.ownerLastName].filter(Boolean).join(' ');
  return name || row.ownerEmail || null;
}

/** One page of the portfolio by company name, each company with its CSM, its MRR today and newest health band. */
export async function loadPortfolioPage(
  db: Database,
  portal: Portal,
  asOf: string,
  query: { readonly limit: number; readonly page?: number; readonly nameContains?: string },
): Promise<PortfolioPage> {
  const pageNumber = query.page ?? 1;
  const summaries = await listCompanySummaries(db, {
    portalId: portal.id,
    onDate: asOf,
    limit: query.limit + 1,
    byName: { offset: (pageNumber - 1) * query.limit },
    nameContains: query.nameContains,
  });
  const page = summaries.slice(0, query.limit);
  const csms = await listCsmNames(
    db,
    portal.id,
    page.map((row) => row.id),
  );
  const bands = new Map(
    (
      await listLatestHealthBands(
        db,
        portal.id,
        page.map((row) => row.id),
        asOf,
      )
    ).map((row) => [row.companyId, row]),
  );
  return {
    rows: page.map((row) => {
      const band = bands.get(row.id);
      const status = customerStatusOf(row);
      const csm = csms.get(row.id);
      return {
        id: row.id,
        name: row.name ?? `Company ${row.id}`,
        domain: row.domain,
        csm: csm && (csm.assigned || status !== 'prospect') ? csm.name : null,
        tier: row.tier,
        status,
        mrr: formatMoney({ amountMinor: row.mrrMinor, currency: portal.currency }),
        // A former customer's last score is history, not its health: only customers show one, as in the health bands.
        health: band && status === 'customer' ? { score: band.score, band: band.band } : null,
      };
    }),
    page: pageNumber,
    nextPage: summaries.length > query.limit ? pageNumber + 1 : null,
  };
}

export interface CompanyRecord {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly industry: string | null;
  readonly tier: string | null;
  readonly owner: string | null;
}

export async function loadCompanyRecord(
  db: Database,
  portal: Portal,
  companyId: string,
): Promise<CompanyRecord | undefined> {
  const row = await findCompanyRecord(db, portal.id, companyId);
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name ?? `Company ${row.id}`,
    domain: row.domain,
    industry: row.industry,
    tier: row.tier,
    owner: ownerName(row),
  };
}
