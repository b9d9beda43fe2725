import type { FixtureOwner } from '../fixture-schema';

export const demoEmailDomain = 'northwind-demo.example';

const salesTeam = { id: '4100001', name: 'Sales', primary: true };
const customerSuccessTeam = { id: '4100002', name: 'Customer Success', primary: true };

const people: readonly { firstName: string; lastName: string; team: 'sales' | 'customer_success' }[] = [
  { firstName: 'Maya', lastName: 'Okafor', team: 'sales' },
  { firstName: 'Daniel', lastName: 'Reyes', team: 'sales' },
  { firstName: 'Priya', lastName: 'Natarajan', team: 'sales' },
  { firstName: 'Hannah', lastName: 'Schmidt', team: 'customer_success' },
  { firstName: 'Lucas', lastName: 'Moreau', team: 'customer_success' },
  { firstName: 'Aiko', lastName: 'Tanaka', team: 'customer_success' },
  { firstName: 'Samuel', lastName: 'Osei', team: 'customer_success' },
  { firstName: 'Grace', lastName: 'Whitfield', team: 'customer_success' },
];

export type DemoOwners = {
  owners: FixtureOwner[];
  salesOwnerIds: string[];
  customerSuccessOwnerIds: string[];
};

export function buildDemoOwners(): DemoOwners {
  const owners = people.map((person, index): FixtureOwner => ({
    id: String(61_200_101 + index),
    email: `${person.firstName}.${person.lastName}@${demoEmailDomain}`.toLowerCase(),
    firstName: person.firstName,
    lastName: person.lastName,
    userId: 9_120_001 + index,
    teams: [person.team === 'sales' ? salesTeam : customerSuccessTeam],
    archived: false,
  }));
  const idsOf = (team: 'sales' | 'customer_success') =>
    owners.filter((_, index) => people[index]?.team === team).map((owner) => owner.id);
  return { owners, salesOwnerIds: idsOf('sales'), customerSuccessOwnerIds: idsOf('customer_success') };
}
