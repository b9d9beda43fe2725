import { fixtureSchema, type Fixture } from '../src/sandbox/fixture-schema';
import type { SandboxStore } from '../src/sandbox/store';
import type { WebhookSubscription } from '../src/sandbox/webhook-events';
import { appInputProperties } from '../test/support/portal-properties';

// The soak's portal: every company is a customer (a won deal whose contract runs today) with one open deal that
// sales keeps editing while the soak runs, so ingestion may name any company and every change is one webhook event.
export const soakPortalId = 9_990_919;
const owners = { sales: '7200001', csm: '7200002' };
export const soakCompanyId = (index: number) => String(400_000 + index);
const wonDealId = (index: number) => String(600_000 + index);
const openDealId = (index: number) => String(700_000 + index);

export function soakPortfolio(companyCount: number, today = new Date()): Fixture {
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const team = (id: string, name: string) => [{ id, name, primary: true }];
  const deal = (index: number, won: boolean) => ({
    id: won ? wonDealId(index) : openDealId(index),
    companyIds: [soakCompanyId(index)],
    properties: {
      dealname: `Soak ${index} - ${won ? 'Core' : 'Expansion'}`,
      pipeline: 'default',
      dealstage: won ? 'closedwon' : 'contractsent',
      amount: '1200',
      dealtype: won ? 'newbusiness' : 'existingbusiness',
      closedate: `${day(won ? -30 : 30)}T12:00:00Z`,
      hubspot_owner_id: owners.sales,
      cs_mrr: '100',
      cs_term_months: '12',
      cs_seats: '10',
      cs_product: 'core',
      cs_deal_kind: won ? 'new' : 'upsell',
      cs_contract_start: day(won ? -30 : 30),
    },
  });
  const indexes = Array.from({ length: companyCount }, (_, index) => index);
  return fixtureSchema.parse({
    portal: { id: soakPortalId, timeZone: 'UTC', currency: 'USD', name: 'Soak portfolio' },
    properties: appInputProperties,
    owners: [
      { id: owners.sales, email: 'sales@soak.example', firstName: 'Sal', lastName: 'Es', teams: team('1', 'Sales') },
      {
        id: owners.csm,
        email: 'csm@soak.example',
        firstName: 'Cas',
        lastName: 'Em',
        teams: team('2', 'Customer Success'),
      },
    ],
    companies: indexes.map((index) => ({
      id: soakCompanyId(index),
      properties: { name: `Soak company ${index}`, hubspot_owner_id: owners.csm },
    })),
    deals: indexes.flatMap((index) => [deal(index, true), deal(index, false)]),
  });
}

/** Only what the soak changes, so each change is exactly one webhook event. */
export const soakSubscriptions: WebhookSubscription[] = [
  { objectType: 'companies', events: [], properties: ['name'] },
  { objectType: 'deals', events: [], properties: ['amount'] },
];

/** Sales at work: change number `round` edits one open deal's amount or one company's name. */
export function makeSoakChange(store: SandboxStore, companyCount: number, round: number): void {
  const index = round % companyCount;
  if (round % 3 === 2)
    store.objects.update('companies', soakCompanyId(index), { name: `Soak company ${index} #${round}` });
  else store.objects.update('deals', openDealId(index), { amount: String(1201 + round) });
}
