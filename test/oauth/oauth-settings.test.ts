import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config/env';
import { generateEncryptionKey } from '../../src/config/secrets/token-cipher';
import { loadAppConfig } from '../../src/hubspot/project/app-config';
import { oauthSettingsFromEnv } from '../../src/services/install/oauth-settings';

const appConfig = loadAppConfig();
const oauthEnv = {
  HUBSPOT_CLIENT_ID: 'id',
  HUBSPOT_CLIENT_SECRET: 'secret',
  TOKEN_ENCRYPTION_KEY: generateEncryptionKey(),
};

describe('OAuth settings from the environment', () => {
  it('are off without a client id (private-app token or sandbox mode)', () => {
    expect(oauthSettingsFromEnv(parseEnv({ HUBSPOT_CLIENT_SECRET: 'secret' }), appConfig)).toBeUndefined();
  });

  it('take the callback from the public URL and the scopes from app.json', () => {
    const settings = oauthSettingsFromEnv(parseEnv(oauthEnv), appConfig);
    expect(settings).toMatchObject({
      clientId: 'id',
      authorizeBaseUrl: 'https://app.hubspot.com/oauth/authorize',
      redirectUri: 'https://cs-lifecycle.example.com/oauth/callback',
      scopes: appConfig.auth.requiredScopes,
      optionalScopes: appConfig.auth.optionalScopes,
    });
    expect(settings?.apiBaseUrl).toBeUndefined();
  });

  it('require TOKEN_ENCRYPTION_KEY, naming it', () => {
    const { TOKEN_ENCRYPTION_KEY: _key, ...withoutKey } = oauthEnv;
    expect(() => oauthSettingsFromEnv(parseEnv(withoutKey), appConfig)).toThrow(/TOKEN_ENCRYPTION_KEY/);
  });

  it("refuse a public URL whose callback is not among the app's redirect URLs", () => {
    const moved = loadAppConfig(undefined, { publicUrl: 'https://elsewhere.example.com' });
    expect(() => oauthSettingsFromEnv(parseEnv(oauthEnv), moved)).toThrow(ConfigError);
    expect(() => oauthSettingsFromEnv(parseEnv(oauthEnv), moved)).toThrow(/redirectUrls/);
  });
});
