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
