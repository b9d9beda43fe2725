import { addDays } from './calendar';
import { isCustomerOn, type ContractSpan } from './deal-plan';
import type { Random } from './random';

const maxGroups = 3;
// One group for about this many current customers: three in the default portfolio, none in a tiny one.
const customersPerGroup = 15;

/**
 * A few account hierarchies among the current customers, as HubSpot holds them: a parent company with two to four
 * subsidiaries, each naming it in `hs_parent_company_id` (the fixture loader adds the child-to-parent
 * association, type 14, and its inverse 13). Answers each subsidiary's parent id.
 */
export function planCompanyGroups(
  spansByCompany: ReadonlyMap<string, readonly ContractSpan[]>,
  random: Random,
  asOf: string,
): Map<string, string> {
  const lastDay = addDays(asOf, -1);
  const current = [...spansByCompany].filter(([, spans]) => isCustomerOn(spans, lastDay)).map(([id]) => id);
  const groups = Math.min(maxGroups, Math.floor(current.length / customersPerGroup));
  const shuffled = random.shuffle(current);
  const parents = new Map<string, string>();
  let next = 0;
  for (let group = 0; group < groups; group += 1) {
    const parentId = shuffled[next];
    const subsidiaries = shuffled.slice(next + 1, next + 1 + random.integer(2, 4));
    next += 1 + subsidiaries.length;
    if (parentId === undefined) break;
    for (const subsidiaryId of subsidiaries) parents.set(subsidiaryId, parentId);
  }
  return parents;
}
