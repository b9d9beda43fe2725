import { fixtureSchema, type Fixture } from '../../../src/sandbox/fixture-schema';
import type { SandboxStore } from '../../../src/sandbox/store';
import type { WebhookSubscription } from '../../../src/sandbox/webhook-events';
import { appInputProperties } from '../../support/portal-properties';

export const bulkPortalId = 9_990_777;
const companyCount = 1_000;
const dealRounds = 8;
const companyRounds = new Set([2, 5]);
// Every 50th deal closes. The first three close in the first round, so their hand-offs run before the kill; the rest
// change only at the very end of the stream, so nothing is known of them locally until after the restart.
const closingEvery = 50;
const closesEarly = (index: number) => index % closingEvery === 0 && index < 3 * closingEvery;
const closesLate = (index: number) => index % closingEvery === 0 && !closesEarly(index);
/** One event per change: 8 per deal and 2 per company. */
export const eventCount = companyCount * dealRounds + companyCount * companyRounds.size;
/** The stream ends with every change of the late-closing deals: the kill must land before these events. */
export const lateEventCount = (companyCount / closingEvery - 3) * dealRounds;

const owners = { sales: '7100001', csmA: '7100002', csmB: '7100003' };
const companyId = (index: number) => String(300_000 + index);
const dealId = (index: number) => String(500_000 + index);
const indexes = Array.from({ length: companyCount }, (_, index) => index);

const closing = indexes.filter((index) => closesEarly(index) || closesLate(index));
export const closingDealIds = closing.map(dealId);
export const closingCompanyIds = closing.map(companyId);
/** The MRR every deal carries (cs_mrr wins over amount, so amount changes after closing leave it alone). */
export const dealMrr = '100';

/** 1,000 companies, each with one deal in "contract sent" whose hand-off fields are all filled in. */
export function bulkPortfolio(today = new Date()): Fixture {
  const contractStart = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
  const team = (name: string) => [{ id: name === 'Sales' ? '1' : '2', name, primary: true }];
  return fixtureSchema.parse({
    portal: { id: bulkPortalId, timeZone: 'UTC', currency: 'USD', name: 'Bulk webhook portfolio' },
    properties: appInputProperties,
    owners: [
      { id: owners.sales, email: 'sales@bulk.example', firstName: 'Sal', lastName: 'Es', teams: team('Sales') },
      {
        id: owners.csmA,
        email: 'csm.a@bulk.example',
        firstName: 'Cas',
        lastName: 'A',
        teams: team('Customer Success'),
      },
      {
        id: owners.csmB,
        email: 'csm.b@bulk.example',
        firstName: 'Cas',
        lastName: 'B',
        teams: team('Customer Success'),
      },
    ],
    companies: Array.from({ length: companyCount }, (_, index) => ({
      id: companyId(index),
      properties: { name: `Company ${index}`, hubspot_owner_id: owners.sales },
    })),
    deals: Array.from({ length: companyCount }, (_, index) => ({
      id: dealId(index),
      companyIds: [companyId(index)],
      properties: {
        dealname: `Company ${index} - Core`,
        pipeline: 'default',
        dealstage: 'contractsent',
        amount: '1200',
        dealtype: 'newbusiness',
        closedate: `${contractStart}T12:00:00Z`,
        hubspot_owner_id: owners.sales,
        cs_mrr: dealMrr,
        cs_term_months: '12',
        cs_seats: '10',
        cs_product: 'core',
        cs_deal_kind: 'new',
        cs_contract_start: contractStart,
      },
    })),
  });
}

/** Only the properties this test changes, so each change is exactly one event and nothing else is sent. */
export const bulkSubscriptions: WebhookSubscription[] = [
  { objectType: 'companies', events: [], properties: ['name'] },
  { objectType: 'deals', events: [], properties: ['amount', 'dealstage'] },
];

/** What sales does in HubSpot while the service listens: `eventCount` changes, round by round. */
export function makeBulkChanges(store: SandboxStore): void {
  const changeDeal = (index: number, round: number) => {
    const closes = (closesEarly(index) && round === 0) || (closesLate(index) && round === dealRounds - 1);
    store.objects.update(
      'deals',
      dealId(index),
      closes ? { dealstage: 'closedwon' } : { amount: String(1201 + round) },
    );
  };
  for (let round = 0; round < dealRounds; round += 1) {
    for (const index of indexes) {
      if (!closesLate(index)) changeDeal(index, round);
      if (companyRounds.has(round))
        store.objects.update('companies', companyId(index), { name: `Company ${index} (round ${round})` });
    }
  }
  for (const index of indexes.filter(closesLate))
    for (let round = 0; round < dealRounds; round += 1) changeDeal(index, round);
}
