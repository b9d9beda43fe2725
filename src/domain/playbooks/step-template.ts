import type { Evidence } from './evaluate-trigger';

export interface TemplateContext {
  readonly companyName: string;
  readonly playbookName: string;
  readonly evidence: Evidence;
}

/**
 * Fills `{{company}}`, `{{playbook}}`, `{{evidence}}` (the one-line summary) and `{{value.NAME}}` (one evidence
 * value, `noValue` when it has none); an unknown placeholder is left as written so a typo shows in HubSpot rather
 * than vanishing.
 */
export function renderTemplate(template: string, context: TemplateContext, noValue = 'none'): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_.:]+)\s*\}\}/g, (whole, name: string) => {
    if (name === 'company') return context.companyName;
    if (name === 'playbook') return context.playbookName;
    if (name === 'evidence') return context.evidence.summary;
    if (name.startsWith('value.')) {
      const value = context.evidence.values[name.slice('value.'.length)];
      return value === undefined ? whole : value === null ? noValue : String(value);
    }
    return whole;
  });
}

/** HubSpot keeps at most 65,536 characters of a note's body; a task's body is held to the same, with room to spare. */
export const engagementBodyLimit = 60_000;

/**
 * A rendered body with the marker that finds its record again, cut (with "…") so the two fit the limit: filled
 * placeholders can make a body of any length, and a marker cut off the end would let a retry create it twice.
 */
export function bodyWithMarker(body: string, marker: string, limit = engagementBodyLimit): string {
  const room = limit - marker.length - 2;
  const kept = body.length <= room ? body : `${body.slice(0, Math.max(0, room - 1))}…`;
  return `${kept}\n\n${marker}`;
}
