import { fixtureSchema, type Fixture } from '../../src/sandbox/fixture-schema';

function company(id: string, name: string, parentId?: string) {
  return {
    id,
    properties: {
      name,
      lifecyclestage: 'customer',
      ...(parentId === undefined ? {} : { hs_parent_company_id: parentId }),
    },
  };
}

function deal(id: string, companyId: string, mrr: string, start: string, termMonths: number) {
  return {
    id,
    properties: {
      dealname: `Deal ${id}`,
      pipeline: 'default',
      dealstage: 'closedwon',
      closedate: `${start}T12:00:00Z`,
      cs_mrr: mrr,
      cs_term_months: String(termMonths),
      cs_contract_start: start,
    },
    companyIds: [companyId],
  };
}

/**
 * A group of four (Northwind Holdings 6001 > Northwind Retail 6002 and Northwind Labs 6003 > Labs Berlin 6004),
 * a stand-alone customer, two companies naming each other as parent (6006, 6007) and one whose parent is not in
 * the portal. Retail's contract ends on 2025-04-01 while the group keeps paying.
 */
export const groupFixture: Fixture = fixtureSchema.parse({
  portal: { id: 9_990_220, timeZone: 'UTC', currency: 'USD', name: 'Groups (hand-made)' },
  properties: {
    deals: [
      { name: 'cs_mrr', label: 'CS MRR', type: 'number' },
      { name: 'cs_term_months', label: 'CS term (months)', type: 'number' },
      { name: 'cs_contract_start', label: 'CS contract start', type: 'date' },
    ],
  },
  companies: [
    company('6001', 'Northwind Holdings'),
    company('6002', 'Northwind Retail', '6001'),
    company('6003', 'Northwind Labs', '6001'),
    company('6004', 'Labs Berlin', '6003'),
    company('6005', 'Solo Ltd'),
    company('6006', 'Loop East', '6007'),
    company('6007', 'Loop West', '6006'),
    company('6008', 'Orphan Inc', '9999'),
  ],
  deals: [
    deal('7001', '6001', '100.00', '2025-01-01', 24),
    deal('7002', '6002', '50.00', '2025-01-01', 3),
    deal('7003', '6003', '30.00', '2025-02-01', 12),
    deal('7004', '6004', '20.00', '2025-03-01', 12),
    deal('7005', '6005', '40.00', '2025-01-01', 12),
    deal('7006', '6006', '10.00', '2025-01-01', 12),
  ],
});
