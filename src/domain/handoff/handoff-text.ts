import type { TouchModel } from '../lifecycle/touch-model';
import type { MissingDealField } from './required-fields';
import { escapeHtml } from '../text/escape-html';

export type HandoffEngagementKind = 'csm_task' | 'summary_note' | 'missing_fields_task';

export interface DealSummary {
  readonly dealId: string;
  readonly dealName: string;
  readonly dealKind: string;
  /** The kind as the CSM reads it: 'New business', 'Cross-sell'. */
  readonly dealKindLabel: string;
  readonly companyName: string;
  readonly amount: string | null;
  /** Monthly recurring amount, already formatted with its currency; null when the deal has none yet. */
  readonly mrr: string | null;
  readonly product: string | null;
  readonly seats: string | null;
  readonly termMonths: string | null;
  readonly contractStart: string | null;
  readonly contractEnd: string | null;
  readonly closeDate: string | null;
  readonly salesOwner: string | null;
  readonly csm: string | null;
  readonly touchModel: TouchModel;
  readonly missing: readonly MissingDealField[];
}

export interface EngagementText {
  readonly subject: string;
  readonly body: string;
}

/** A reference in the record's body that names the deal and what the record is for: how a retry finds it. */
export function handoffMarker(portalId: number, dealId: string, kind: HandoffEngagementKind): string {
  return `cs-handoff/${portalId}/${dealId}/${kind}`;
}

const notSet = 'not set';

const touchModelLabels: Record<TouchModel, string> = {
  high_touch: 'High touch',
  low_touch: 'Low touch',
  tech_touch: 'Tech touch',
};

function summaryItems(summary: DealSummary): string[] {
  const rows: Array<[string, string | null]> = [
    ['Deal', summary.dealName],
    ['Kind', summary.dealKindLabel],
    ['Amount', summary.amount],
    ['MRR', summary.mrr],
    ['Product', summary.product],
    ['Seats', summary.seats],
    ['Term (months)', summary.termMonths],
    [
      'Contract',
      summary.contractStart === null && summary.contractEnd === null
        ? null
        : `${summary.contractStart ?? notSet} to ${summary.contractEnd ?? notSet}`,
    ],
    ['Closed', summary.closeDate],
    ['Sales owner', summary.salesOwner],
    ['CSM', summary.csm],
    ['Touch model', touchModelLabels[summary.touchModel]],
  ];
  return rows.map(([label, value]) => `<li><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value ?? notSet)}</li>`);
}

function missingLine(missing: readonly MissingDealField[]): string {
  if (missing.length === 0) return '';
  return `<p>Hand-off incomplete, the deal owner has been asked to fill in: ${escapeHtml(missing.map((field) => field.label).join(', '))}.</p>`;
}

function reference(marker: string): string {
  return `<p>Reference: ${marker}</p>`;
}

export function csmTaskText(summary: DealSummary, marker: string): EngagementText {
  const subject =
    summary.dealKind === 'new'
      ? `Onboard ${summary.companyName}: kick-off after ${summary.dealName}`
      : `Hand-off: ${summary.dealName} (${summary.dealKindLabel.toLowerCase()}) for ${summary.companyName}`;
  const body =
    `<p>${escapeHtml(summary.companyName)} signed ${escapeHtml(summary.dealName)}. Reach out and plan the next step.</p>` +
    `<ul>${summaryItems(summary).join('')}</ul>${missingLine(summary.missing)}${reference(marker)}`;
  return { subject, body };
}

export function summaryNoteText(summary: DealSummary, marker: string): EngagementText {
  const body =
    `<p><strong>Sales to CS hand-off: ${escapeHtml(summary.dealName)}</strong></p>` +
    `<ul>${summaryItems(summary).join('')}</ul>${missingLine(summary.missing)}${reference(marker)}`;
  return { subject: `Hand-off note: ${summary.dealName}`, body };
}

/** The deal properties that would fill a field, by the labels the deal owner sees: 'the deal's "CS seats"'. */
function propertiesInWords(field: MissingDealField): string {
  const labels = field.propertyLabels ?? field.properties;
  return `the deal's ${labels.map((label) => `"${label}"`).join(' or ')}`;
}

export function missingFieldsTaskText(summary: DealSummary, marker: string): EngagementText {
  const items = summary.missing.map(
    (field) =>
      `<li><strong>${escapeHtml(field.label)}</strong> (${escapeHtml(propertiesInWords(field))}): ${field.problem === 'missing' ? 'empty' : escapeHtml(field.detail)}</li>`,
  );
  return {
    subject: `Complete the hand-off fields of ${summary.dealName}`,
    body:
      `<p>${escapeHtml(summary.dealName)} is closed won, but Customer Success needs these deal fields to start the onboarding:</p>` +
      `<ul>${items.join('')}</ul>${reference(marker)}`,
  };
}

/** A short, stable fingerprint of a record's text, so an unchanged text is never written twice. */
export function textFingerprint(text: EngagementText): string {
  let hash = 0x811c9dc5;
  const input = `${text.subject}\u0000${text.body}`;
  for (let index = 0; index < input.length; index += 1) {
    hash ^= input.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${input.length.toString(36)}-${hash.toString(36)}`;
}
