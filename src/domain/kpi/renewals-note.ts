/** The portal's last count of deals that look like renewals of a term ending near their start (KPI setting `renewals`). */
export interface RenewalCount {
  /** Recorded as "Existing business" without `cs_deal_kind`: upsells by domain §1.1. */
  readonly existingBusiness: number;
  /** Renewals without `cs_contract_start`, starting on their close date before or after the term they renew ends. */
  readonly withoutStart: number;
  /** Whether the setting `renewals.followOn` had them follow on. */
  readonly followOn: boolean;
  readonly withinDays: number;
  /** Closed-won deals of a deal type neither domain §1.1 nor the KPI setting `dealTypes` reads, per type. */
  readonly unknownDealTypes: readonly { readonly dealType: string; readonly deals: number }[];
  /** Closed-won deals of a pipeline other than the default with neither `cs_deal_kind` nor a deal type, per pipeline. */
  readonly unreadPipelines: readonly { readonly pipeline: string; readonly deals: number }[];
  /** Upsells and cross-sells bought into a term, stating no end or term of their own, that end on another day than it. */
  readonly addOnsOffTerm: number;
  /** Whether the setting `renewals.coTermAddOns` had them end with that term. */
  readonly coTermAddOns: boolean;
  /** Names in the KPI setting `dealPipelines` that are no label or id of the portal's deal pipelines. */
  readonly unmatchedPipelines?: readonly string[];
  /** The labels of the portal's deal pipelines, to name beside those. */
  readonly pipelineLabels?: readonly string[];
}

function unmatchedPipelinesSentence(count: RenewalCount): string | null {
  const unmatched = count.unmatchedPipelines ?? [];
  if (unmatched.length === 0) return null;
  const names = unmatched.map((name) => `"${name}"`).join(', ');
  const labels = (count.pipelineLabels ?? []).map((label) => `"${label}"`).join(', ');
  const [which, it] =
    unmatched.length === 1 ? ['which is no deal pipeline', 'it'] : ['which are no deal pipelines', 'them'];
  return `The KPI setting dealPipelines names ${names}, ${which} of the portal, so it reads no deal by ${it} (the portal's pipelines: ${labels}).`;
}

// The kind a deal type's name suggests, for the setting's example only: the sentence names it as an example.
function likelyKind(dealType: string): string {
  const name = dealType.toLowerCase();
  if (name.includes('renew')) return 'renewal';
  if (name.includes('cross')) return 'cross_sell';
  if (name.includes('down')) return 'downgrade';
  if (name.includes('upsell') || name.includes('up-sell') || name.includes('expansion')) return 'upsell';
  if (name.includes('new')) return 'new';
  return 'renewal';
}

/** Closed-won deals read as new business, per name (a deal type, a pipeline): how many, the list, an example setting. */
function tally(counts: readonly { readonly name: string; readonly deals: number }[], setting: string) {
  const [first] = counts;
  if (first === undefined) return null;
  const total = counts.reduce((sum, item) => sum + item.deals, 0);
  return {
    one: total === 1,
    deals: total === 1 ? '1 closed-won deal' : `${total} closed-won deals`,
    listed: counts.map((item) => `"${item.name}": ${item.deals}`).join(', '),
    example: JSON.stringify({ [setting]: { [first.name]: likelyKind(first.name) } }),
  };
}

function unknownDealTypesSentence(types: RenewalCount['unknownDealTypes']): string | null {
  const read = tally(
    types.map((type) => ({ name: type.dealType, deals: type.deals })),
    'dealTypes',
  );
  if (read === null) return null;
  const [have, count] = read.one ? ['has', 'counts'] : ['have', 'count'];
  return `${read.deals} ${have} a deal type other than New business and Existing business (${read.listed}) and ${count} as new business. Say what each type is with the KPI setting dealTypes, e.g. ${read.example}, or set cs_deal_kind on the deals in HubSpot.`;
}

function existingBusinessSentence(count: number, withinDays: number): string {
  const [deals, start, counts] =
    count === 1 ? ['1 deal', 'starts', 'counts as an upsell'] : [`${count} deals`, 'start', 'count as upsells'];
  return `${deals} recorded as Existing business without cs_deal_kind ${start} within ${withinDays} days of the end of the company's contract for the same product, as renewals do, and ${counts}.`;
}

// A deal read as a renewal (stated, or by its deal type or pipeline) needs only its start; one read as an upsell, both.
function waysOut(count: RenewalCount): string {
  const turnOn = 'To have them continue the terms they renew, turn on the KPI setting renewals.followOn, or set';
  const start = 'cs_contract_start to the day the term ends on the deals in HubSpot';
  if (count.withoutStart === 0) return `${turnOn} cs_deal_kind to renewal and ${start}.`;
  if (count.existingBusiness === 0) return `${turnOn} ${start}.`;
  return `${turnOn} ${start} (and cs_deal_kind to renewal on those recorded as Existing business).`;
}

function withoutStartSentence(count: number, withinDays: number): string {
  const [renewals, start, its] = count === 1 ? ['1 renewal', 'starts', 'its'] : [`${count} renewals`, 'start', 'their'];
  return `${renewals} without cs_contract_start ${start} on ${its} close date, up to ${withinDays} days before or after the term renewed ends, so the customer's MRR counts both terms (or neither) in between.`;
}

function addOnsSentence(count: RenewalCount): string | null {
  if (count.addOnsOffTerm === 0) return null;
  const one = count.addOnsOffTerm === 1;
  const addOns = one ? '1 upsell or cross-sell' : `${count.addOnsOffTerm} upsells and cross-sells`;
  if (count.coTermAddOns)
    return `${addOns} ${one ? 'ends with the term it was' : 'end with the terms they were'} bought into (KPI setting renewals.coTermAddOns).`;
  const [state, each] = one ? ['states', 'it'] : ['state', 'each'];
  return `${addOns} bought during a running term ${state} neither cs_contract_end nor cs_term_months, so ${each} runs a term of its own from its start, ending on another day than the term it was bought into: its MRR counts beside that term's renewal, or stops before that term ends. To end them with the term they were bought into, turn on the KPI setting renewals.coTermAddOns, or set cs_contract_end on the deals in HubSpot.`;
}

function unreadPipelinesSentence(pipelines: RenewalCount['unreadPipelines']): string | null {
  const read = tally(
    pipelines.map((pipeline) => ({ name: pipeline.pipeline, deals: pipeline.deals })),
    'dealPipelines',
  );
  if (read === null) return null;
  const [state, count] = read.one ? ['states', 'counts'] : ['state', 'count'];
  return `${read.deals} of pipelines other than the default (${read.listed}) ${state} neither cs_deal_kind nor a deal type and ${count} as new business. Say what a pipeline's deals are with the KPI setting dealPipelines, e.g. ${read.example}.`;
}

/**
 * What a KPI report says about deals that look like renewals: nothing when there are none; that they continue the
 * terms they renew; or how domain §1.1 counts them (upsells; terms beside the one they renew) and the two ways to
 * change that. About add-ons whose term ends on another day than the one they were bought into. And about deals of a
 * type or pipeline the portal's settings do not read, which count as new business.
 */
export function renewalsNote(count: RenewalCount | null): string | null {
  if (count === null) return null;
  const sentences = [
    renewalsSentences(count),
    addOnsSentence(count),
    unknownDealTypesSentence(count.unknownDealTypes),
    unreadPipelinesSentence(count.unreadPipelines),
    unmatchedPipelinesSentence(count),
  ];
  const said = sentences.filter((sentence) => sentence !== null);
  return said.length === 0 ? null : said.join(' ');
}

function renewalsSentences(count: RenewalCount): string | null {
  if (count.existingBusiness + count.withoutStart === 0) return null;
  if (count.followOn) {
    const kinds = [
      count.existingBusiness > 0
        ? `${count.existingBusiness} recorded as Existing business without cs_deal_kind`
        : null,
      count.withoutStart > 0 ? `${count.withoutStart} without cs_contract_start` : null,
    ].filter((kind) => kind !== null);
    const total = count.existingBusiness + count.withoutStart;
    const [renewals, verb] =
      total === 1
        ? ['1 renewal', 'continues the term it renews']
        : [`${total} renewals`, 'continue the terms they renew'];
    return `${renewals} (${kinds.join(', ')}) ${verb} (KPI setting renewals.followOn).`;
  }
  return [
    count.existingBusiness > 0 ? existingBusinessSentence(count.existingBusiness, count.withinDays) : null,
    count.withoutStart > 0 ? withoutStartSentence(count.withoutStart, count.withinDays) : null,
    waysOut(count),
  ]
    .filter((sentence) => sentence !== null)
    .join(' ');
}
