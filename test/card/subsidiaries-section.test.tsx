import { StatisticsItem, StatusTag, TableRow, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { SubsidiariesSection } from '../../extensions/app/cards/components/subsidiaries-section';
import { subsidiariesPayloadSchema, type SubsidiariesPayload } from '../../extensions/app/cards/shared/card-payload';

const subsidiaries: SubsidiariesPayload = subsidiariesPayloadSchema.parse({
  items: [
    {
      id: '6003',
      name: 'Northwind Labs',
      depth: 1,
      health: { score: 72, band: 'green' },
      mrr: { amountMinor: 3_000, currency: 'EUR' },
      renewalDate: '2026-02-01',
    },
    {
      id: '6004',
      name: 'Labs Berlin',
      depth: 2,
      health: null,
      mrr: { amountMinor: 0, currency: 'EUR' },
      renewalDate: null,
    },
  ],
  notShown: 3,
  total: 5,
  groupMrr: { amountMinor: 1_234_550, currency: 'EUR' },
  groupCustomers: 4,
});

function render(value: SubsidiariesPayload) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<SubsidiariesSection subsidiaries={value} />);
  return renderer;
}

describe('SubsidiariesSection', () => {
  it("shows the group's totals and each subsidiary's health, MRR and renewal in words", () => {
    const { findAll, findByTestId } = render(subsidiaries);
    const totals = findAll(StatisticsItem).map((item) => [item.props.label, item.props.number]);
    expect(totals).toEqual([
      ['Group MRR', '€12,345.50'],
      ['Customers in the group', '4'],
    ]);
    const rows = findAll(TableRow).map((row) => row.toString());
    expect(rows[1]).toContain('Northwind Labs');
    expect(rows[1]).toContain('Healthy (72)');
    expect(rows[1]).toContain('€30');
    expect(rows[1]).toContain('Feb 1, 2026');
    expect(rows[2]).toContain('↳ Labs Berlin');
    expect(rows[2]).toContain('Not scored yet');
    expect(rows[2]).toContain('No active contract');
    expect(findAll(StatusTag)).toHaveLength(1);
    expect(findByTestId(Text, 'subsidiaries-more').toString()).toContain(
      "And 3 more subsidiaries, counted in the group's totals.",
    );
  });

  it('says nothing more when every subsidiary is listed', () => {
    const all = { ...subsidiaries, notShown: 0, total: 2 };
    expect(render(all).maybeFind(Text, { testId: 'subsidiaries-more' })).toBeNull();
  });

  it('refuses a payload whose counts do not add up', () => {
    expect(subsidiariesPayloadSchema.safeParse({ ...subsidiaries, total: 9 }).success).toBe(false);
  });
});
