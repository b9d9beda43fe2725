import { Heading, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { CompanyHealthCard } from '../../extensions/app/cards/components/company-health-card';

describe('CompanyHealthCard (placeholder)', () => {
  it('renders a heading and names the company record it belongs to', () => {
    const { render, find, findByTestId, mocks } = createRenderer('crm.record.tab');
    const context = { ...mocks.context, crm: { objectId: 4242, objectTypeId: '0-2' } };

    render(<CompanyHealthCard context={context} actions={mocks.actions} />);

    expect(find(Heading).text).toBe('Customer Success');
    expect(findByTestId(Text, 'company-health-card-placeholder').text).toContain('company 4242');
  });

});
