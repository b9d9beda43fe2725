import {
  datetime,
  date,
  money,
  number,
  ownerSelect,
  property,
  select,
  type ProductProperty,
} from '../properties/definition-helpers';

export { customerSuccessGroup } from '../properties/definition-helpers';

/**
 * The company properties the app writes, typed so lists and reports can filter on them: numbers for scores
 * and money (list filters "is greater than"), enumerations for bands and stages, a date for the renewal and
 * a HubSpot user property for the CSM, so "CSM is me" works like the owner filter.
 */
export const customerSuccessProperties: readonly ProductProperty[] = [
  property(
    'cs_health_score',
    'CS health score',
    'Health score 0-100 computed daily by the Customer Success app.',
    number,
  ),
  property(
    'cs_health_band',
    'CS health band',
    // Labelled as the card and the manager view say them, so a list filter reads like the card.
    "At risk (red), needs attention (yellow) or healthy (green), from the health score and the portal's bands (by default below 40, 40-69, 70 and over).",
    select([
      ['red', 'At risk (red)'],
      ['yellow', 'Needs attention (yellow)'],
      ['green', 'Healthy (green)'],
    ]),
  ),
  property(
    'cs_onboarding_stage',
    'CS lifecycle stage',
    'Introduction (onboarding), operation, adoption or established.',
    select([
      ['introduction', 'Introduction (onboarding)'],
      ['operation', 'Operation'],
      ['adoption', 'Adoption'],
      ['established', 'Established'],
    ]),
  ),
  property(
    'cs_seat_utilization',
    'CS seat utilization (%)',
    'Active users in the last 30 days per seat purchased, in percent.',
    number,
  ),
  property('cs_mrr', 'CS MRR', 'Monthly recurring revenue of the active contracts, in the portal currency.', money),
  property('cs_renewal_date', 'CS renewal date', 'End of the latest active contract.', date),
  property(
    'cs_upsell_potential',
    'CS upsell potential (MRR)',
    'Estimated MRR of the open upsell and cross-sell suggestions.',
    money,
  ),
  property(
    'cs_renewal_risk',
    'CS renewal risk (%)',
    "Chance the customer does not renew at its next renewal, from the app's churn-risk model trained on this portal's past renewals; empty while there are too few of them for a model (the health band tells the risk then).",
    number,
  ),
  property(
    'cs_next_renewal_date',
    'CS next renewal date',
    'The next day a contract of this customer comes up for renewal.',
    date,
  ),
  property('cs_csm', 'CSM', 'The Customer Success Manager assigned at hand-off.', ownerSelect),
  property(
    'cs_last_computed_at',
    'CS values updated at',
    'When the app last changed any of the Customer Success values.',
    datetime,
  ),
];

export const writeBackPropertyNames = customerSuccessProperties.map((definition) => definition.name);
