import { defaultSalesPipeline, type Fixture, type FixtureDeal } from '../../src/sandbox/fixture-schema';

// An independent, deliberately plain reading of domain.md 1.1, used as the oracle for the fixtures.

export type ReferenceContract = {
  dealId: string;
  companyId: string | undefined;
  kind: string;
  product: string;
  seats: number | undefined;
  mrrCents: number;
  startDate: string;
  endDate: string;
};

/** Decimal string to an exact fraction numerator / 10^scale. */
function decimal(text: string): { numerator: bigint; scale: bigint } {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = match[3] ?? '';
  const numerator = BigInt(`${match[2] ?? ''}${fraction}`) * (match[1] === '-' ? -1n : 1n);
  return { numerator, scale: 10n ** BigInt(fraction.length) };
}

/** Rounds numerator / denominator to an integer, half away from zero. */
function roundHalfUp(numerator: bigint, denominator: bigint): number {
  const sign = numerator < 0n ? -1n : 1n;
  const absolute = numerator * sign;
  return Number(((absolute * 2n + denominator) / (denominator * 2n)) * sign);
}

export function centsOf(text: string, divisor = 1): number {
  const { numerator, scale } = decimal(text);
  return roundHalfUp(numerator * 100n, scale * BigInt(divisor));
}

export function addCalendarMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

function dateInZone(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}

export function closedWonStages(fixture: Fixture): Set<string> {
  const pipelines = [
    defaultSalesPipeline,
    ...fixture.pipelines.filter((pipeline) => pipeline.id !== defaultSalesPipeline.id),
  ];
  const stages = new Set<string>();
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      if (stage.metadata.isClosed === 'true' && Number(stage.metadata.probability) === 1)
        stages.add(`${pipeline.id}/${stage.id}`);
    }
  }
  return stages;
}

function recurringCents(properties: FixtureDeal['properties']): number {
  const { cs_mrr: mrr, hs_mrr: hubspotMrr, amount, cs_term_months: term } = properties;
  if (mrr) return centsOf(mrr);
  if (hubspotMrr) return centsOf(hubspotMrr);
  if (!amount) return 0;
  return centsOf(amount, term ? Number(term) : 12);
}

function kindOf(properties: FixtureDeal['properties']): string {
  if (properties.cs_deal_kind) return properties.cs_deal_kind;
  if (properties.dealtype === 'newbusiness') return 'new';
  if (properties.dealtype === 'existingbusiness') return 'upsell';
  return 'new';
}

export function referenceContracts(fixture: Fixture): ReferenceContract[] {
  const won = closedWonStages(fixture);
  return fixture.deals
    .filter((deal) => won.has(`${deal.properties.pipeline ?? 'default'}/${deal.properties.dealstage ?? ''}`))
    .map((deal) => {
      const { properties } = deal;
      const startDate = properties.cs_contract_start ?? dateInZone(properties.closedate ?? '', fixture.portal.timeZone);
      const endDate =
        properties.cs_contract_end ??
        addCalendarMonths(startDate, properties.cs_term_months ? Number(properties.cs_term_months) : 12);
      return {
        dealId: deal.id,
        companyId: deal.companyIds[0],
        kind: kindOf(properties),
        product: properties.cs_product ?? 'core',
        seats: properties.cs_seats ? Number(properties.cs_seats) : undefined,
        mrrCents: recurringCents(properties),
        startDate,
        endDate,
      };
    });
}

export function companyMrrOn(contracts: readonly ReferenceContract[], companyId: string, date: string): number {
  return contracts
    .filter((contract) => contract.companyId === companyId && contract.startDate <= date && date < contract.endDate)
    .reduce((sum, contract) => sum + contract.mrrCents, 0);
}

export function customersOn(contracts: readonly ReferenceContract[], date: string): string[] {
  const companies = new Set(
    contracts.flatMap((contract) => (contract.companyId === undefined ? [] : [contract.companyId])),
  );
  return [...companies].filter((companyId) => companyMrrOn(contracts, companyId, date) > 0).sort();
}
