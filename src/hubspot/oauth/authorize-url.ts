export interface AuthorizeUrlInput {
  /** https://app.hubspot.com/oauth/authorize, or the sandbox's stand-in. */
  readonly authorizeBaseUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly optionalScopes: readonly string[];
  readonly state: string;
}

/** The install link, with the parameters of the SDK's `getAuthorizationUrl` but a configurable host. */
export function authorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(input.authorizeBaseUrl);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('scope', input.scopes.join(' '));
  if (input.optionalScopes.length > 0) url.searchParams.set('optional_scope', input.optionalScopes.join(' '));
  url.searchParams.set('state', input.state);
  return url.toString();
}
