import { describe, expect, it } from 'vitest';
import { recordCarriedOnDeals } from '../../src/sandbox/demo/carried-on-deals';
import { demoCustomProperties } from '../../src/sandbox/demo/custom-properties';
import type { DealPlan } from '../../src/sandbox/demo/deal-plan';
import { buildDemoOwners } from '../../src/sandbox/demo/owners';
import { renewalsPipeline, stageIds } from '../../src/sandbox/demo/pipelines';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox } from '../../src/sandbox/server';

const { owners } = buildDemoOwners();
const ownerId = owners[3]?.id ?? '';
const openRenewal = (id: string, companyId: string, product: string | undefined, pipeline = 'renewals') => ({
  id,
  companyIds: [companyId],
  properties: {
    dealname: `Renewal ${id}`,
    closedate: '2027-01-05T12:00:00Z',
    pipeline: pipeline === 'renewals' ? renewalsPipeline.id : 'default',
    dealstage: pipeline === 'renewals' ? stageIds.renewals.open[0] : stageIds.sales.open[0],
    cs_deal_kind: 'renewal',
    ...(product === undefined ? {} : { cs_product: product }),
  },
});

function sandboxWith() {
  return createSandbox({
    rateLimit: false,
    fixture: fixtureSchema.parse({
      portal: { id: 4242 },
      owners,
      pipelines: [renewalsPipeline],
      properties: demoCustomProperties,
      companies: [
        { id: '1', properties: { name: 'Leaving Co' } },
        { id: '2', properties: { name: 'Staying Co' } },
        { id: '3', properties: { name: 'Prospect Co', lifecyclestage: 'opportunity' } },
      ],
      deals: [
        openRenewal('101', '1', 'core'),
        openRenewal('102', '1', 'analytics'),
        openRenewal('201', '2', 'core'),
        openRenewal('202', '2', 'analytics'),
        // The service's own renewal deal for the same term: no product, in the sales pipeline.
        openRenewal('203', '2', undefined, 'sales'),
        {
          id: '301',
          companyIds: ['3'],
          properties: {
            dealname: 'Prospect Co - New',
            closedate: '2026-12-15T12:00:00Z',
            pipeline: 'default',
            dealstage: 'contractsent',
            dealtype: 'newbusiness',
          },
        },
      ],
    }),
  });
}

const plan = (overrides: Partial<DealPlan>): DealPlan => ({
  companyIds: ['1'],
  ownerId,
  kind: 'renewal',
  product: 'core',
  seats: 10,
  mrrCents: 50_000,
  termMonths: 12,
  closeDate: '2026-12-20',
  startDate: '2027-01-10',
  endDate: '2028-01-10',
  explicitEnd: false,
  pipeline: 'renewals',
  outcome: 'won',
  companyName: 'Leaving Co',
  ...overrides,
});

describe('recordCarriedOnDeals: the demo carried on, recorded as reps would', () => {
  it("closes a lost customer's every open renewal lost, and a renewed term's dropped line and duplicate lost", () => {
    const { store } = sandboxWith();
    const plans = [
      plan({ outcome: 'lost' }),
      plan({ companyIds: ['2'], companyName: 'Staying Co', closeDate: '2026-12-22', seats: 8 }),
      plan({ companyIds: ['3'], companyName: 'Prospect Co', kind: 'new', pipeline: 'sales', closeDate: '2026-12-15' }),
    ];
    const recorded = recordCarriedOnDeals(store, plans, '2026-12-01', '2027-01-01');
    const stage = (id: string) => store.objects.get('deals', id)?.properties.dealstage;
    expect([stage('101'), stage('102')]).toEqual([stageIds.renewals.lost, stageIds.renewals.lost]);
    // Core renewed on the demo's own deal with the term's figures; analytics (dropped) and the service's deal lost.
    expect(stage('201')).toBe(stageIds.renewals.won);
    expect(store.objects.get('deals', '201')?.properties).toMatchObject({
      cs_seats: '8',
      cs_contract_start: '2027-01-10',
    });
    expect(stage('202')).toBe(stageIds.renewals.lost);
    expect(stage('203')).toBe(stageIds.sales.lost);
    // The prospect's opportunity won: its company now a customer.
    expect(stage('301')).toBe(stageIds.sales.won);
    expect(store.objects.get('companies', '3')?.properties.lifecyclestage).toBe('customer');
    expect(recorded).toEqual({ created: 0, closed: 6 });
  });

  it('adds a deal no open one stands for, and records only the days asked', () => {
    const { store } = sandboxWith();
    const upsell = plan({ companyIds: ['2'], kind: 'upsell', pipeline: 'sales', closeDate: '2026-12-10' });
    const later = plan({ companyIds: ['2'], kind: 'upsell', pipeline: 'sales', closeDate: '2027-01-02' });
    expect(recordCarriedOnDeals(store, [upsell, later], '2026-12-01', '2027-01-01')).toEqual({ created: 1, closed: 0 });
    const added = store.objects.list('deals').filter((deal) => deal.properties.cs_deal_kind === 'upsell');
    expect(added.map((deal) => deal.properties.closedate?.slice(0, 10))).toEqual(['2026-12-10']);
    expect(store.associations.targets('deals', added[0]?.id ?? '', 'companies', () => true)[0]?.toId).toBe('2');
  });
});
