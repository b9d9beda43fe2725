import { fixtureSchema } from '../../../src/sandbox/fixture-schema';

export const freshPortalId = 7_007_001;
export const freshCompanyId = '1';
export const freshDealId = '10';
export const salesRepId = '101';
export const csmId = '201';

const dayMs = 86_400_000;
export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * dayMs).toISOString().slice(0, 10);

/**
 * A portal as HubSpot gives it to a new customer: HubSpot's own properties only (no `properties` section), the
 * default sales pipeline, a sales rep and a CSM, one prospect with a deal in "contract sent".
 */
export function freshPortal(now = Date.now()) {
  return fixtureSchema.parse({
    portal: { id: freshPortalId, timeZone: 'UTC', currency: 'USD', name: 'Fresh portal' },
    owners: [
      {
        id: salesRepId,
        email: 'rep@fresh.example',
        firstName: 'Rae',
        lastName: 'Rep',
        teams: [{ id: '1', name: 'Sales', primary: true }],
      },
      {
        id: csmId,
        email: 'csm@fresh.example',
        firstName: 'Cy',
        lastName: 'Csm',
        teams: [{ id: '2', name: 'Customer Success', primary: true }],
      },
    ],
    companies: [
      {
        id: freshCompanyId,
        properties: {
          name: 'Juniper Labs',
          domain: 'juniper.example',
          industry: 'COMPUTER_SOFTWARE',
          lifecyclestage: 'opportunity',
          hubspot_owner_id: salesRepId,
        },
      },
    ],
    deals: [
      {
        id: freshDealId,
        companyIds: [freshCompanyId],
        properties: {
          dealname: 'Juniper Labs - Core',
          pipeline: 'default',
          dealstage: 'contractsent',
          amount: '2400',
          dealtype: 'newbusiness',
          closedate: `${daysAgo(40, now)}T12:00:00Z`,
          hubspot_owner_id: salesRepId,
        },
      },
    ],
  });
}
