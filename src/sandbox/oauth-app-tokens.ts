import { randomBytes } from 'node:crypto';
import { OAuthError } from './oauth-errors';

/** The scopes a client credentials token can carry (the webhooks journal's). */
export const appTokenScopes = [
  'developer.webhooks_journal.read',
  'developer.webhooks_journal.subscriptions.read',
  'developer.webhooks_journal.subscriptions.write',
] as const;

/** POST /oauth/2026-03/token's answer to `grant_type=client_credentials`: no refresh token, no portal. */
export interface AppTokenResponseBody {
  readonly token_type: 'bearer';
  readonly access_token: string;
  readonly expires_in: number;
  readonly scopes: readonly string[];
}

export type AppTokenCheck =
  { readonly kind: 'valid'; readonly scopes: readonly string[] } | { readonly kind: 'invalid' };

/** Tokens that act for the app itself, not for a portal: they reach the webhooks journal and nothing else. */
export class SandboxAppTokens {
  private readonly tokens = new Map<string, { readonly scopes: readonly string[]; readonly expiresAt: number }>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(scope: string | undefined): AppTokenResponseBody {
    const scopes = (scope ?? '').split(/[\s+]+/).filter((name) => name !== '');
    if (scopes.length === 0) throw new OAuthError('invalid_scope', 'missing scope');
    const unknown = scopes.filter((name) => !(appTokenScopes as readonly string[]).includes(name));
    if (unknown.length > 0)
      throw new OAuthError(
        'invalid_scope',
        `scopes not available to a client credentials token: ${unknown.join(', ')}`,
      );
    const token = `CC${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { scopes, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return { token_type: 'bearer', access_token: token, expires_in: this.ttlSeconds, scopes };
  }

  check(token: string | undefined): AppTokenCheck {
    const issued = token === undefined ? undefined : this.tokens.get(token);
    if (!issued || issued.expiresAt <= this.now()) return { kind: 'invalid' };
    return { kind: 'valid', scopes: issued.scopes };
  }
}
