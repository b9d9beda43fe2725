/** What the service cannot do for a portal whose install lacks each of the app's optional scopes, in a manager's words. */
export const optionalScopeEffects: Readonly<Record<string, string>> = {
  'settings.currencies.read':
    "the portal's exchange rates are not read, so deals in another currency are left out of MRR",
  'crm.objects.feedback_submissions.read': "HubSpot's survey answers (NPS, CSAT) are not read",
};

/** The optional scopes an install was not granted (HubSpot installs without those the user's account lacks). */
export function scopesNotGranted(optionalScopes: readonly string[], granted: readonly string[]): string[] {
  return optionalScopes.filter((scope) => !granted.includes(scope));
}

export function scopeEffectInWords(scope: string): string {
  return `${scope} not granted: ${optionalScopeEffects[scope] ?? 'what needs it is skipped'}`;
}
