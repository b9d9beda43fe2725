import type { Sandbox } from '../src/sandbox/server';

/** A portal of `companies` companies, each with one won deal: only HubSpot's default properties, any size. */
export function seedPortfolio(sandbox: Sandbox, companies: number): void {
  const { objects, associations } = sandbox.store;
  for (let index = 1; index <= companies; index += 1) {
    const company = objects.create(
      'companies',
      { name: `Company ${index}`, domain: `company-${index}.test` },
      { trusted: true, id: String(index) },
    );
    const deal = objects.create(
      'deals',
      {
        dealname: `Subscription ${index}`,
        amount: String(1200 + (index % 50) * 12),
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: '2026-01-15T00:00:00.000Z',
      },
      { trusted: true, id: String(1_000_000 + index) },
    );
    associations.add('deals', deal.id, company.id, 5);
    associations.add('deals', deal.id, company.id, 341);
  }
}

/** Changes `count` companies and their deals, as CSMs and reps would between two incremental syncs. */
export function touchRecords(sandbox: Sandbox, count: number): void {
  for (let index = 1; index <= count; index += 1) {
    sandbox.store.objects.update('companies', String(index), { name: `Company ${index} (renamed)` });
    sandbox.store.objects.update('deals', String(1_000_000 + index), { amount: String(2400 + index) });
  }
}
