import { fixturePropertiesSchema } from '../fixture-properties';

const dealKinds = ['new', 'renewal', 'upsell', 'cross_sell', 'downgrade'];

/**
 * The custom properties the demo portal's records carry, as a portal that has run the app for years has them:
 * the account id and tier on companies, the contract fields on deals. The app's own write-back properties are
 * not here; the app creates them at start.
 */
export const demoCustomProperties = fixturePropertiesSchema.parse({
  companies: [
    { name: 'cs_account_id', label: 'CS account id', type: 'string', groupName: 'customer_success' },
    { name: 'cs_tier', label: 'CS tier', type: 'string', groupName: 'customer_success' },
  ],
  deals: [
    { name: 'cs_mrr', label: 'CS MRR', type: 'number', groupName: 'customer_success' },
    { name: 'cs_term_months', label: 'CS term (months)', type: 'number', groupName: 'customer_success' },
    { name: 'cs_contract_start', label: 'CS contract start', type: 'date', groupName: 'customer_success' },
    { name: 'cs_contract_end', label: 'CS contract end', type: 'date', groupName: 'customer_success' },
    { name: 'cs_seats', label: 'CS seats', type: 'number', groupName: 'customer_success' },
    { name: 'cs_product', label: 'CS product line', type: 'string', groupName: 'customer_success' },
    {
      name: 'cs_deal_kind',
      label: 'CS deal kind',
      type: 'enumeration',
      groupName: 'customer_success',
      options: dealKinds,
    },
  ],
});
