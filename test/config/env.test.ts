import { describe, expect, it } from 'vitest';
import { ConfigError, digestWebhookSecret, parseEnv } from '../../src/config/env';

/** The message of the ConfigError that parsing this environment throws. */
function configErrorOf(source: NodeJS.ProcessEnv): string {
  let caught: unknown;
  try {
    parseEnv(source);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return caught instanceof ConfigError ? caught.message : '';
}

describe('parseEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      HUBSPOT_API_TIER: 'auto',
      HUBSPOT_CAPACITY_PACKS: 0,
      LOG_LEVEL: 'info',
    });
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
  });

  it("signs the digests' webhook with DIGEST_WEBHOOK_SECRET, else with the playbooks' secret", () => {
    const playbook = 'playbook-secret-0123456789';
    const digest = 'digest-secret-0123456789';
    expect(digestWebhookSecret(parseEnv({ PLAYBOOK_WEBHOOK_SECRET: playbook, DIGEST_WEBHOOK_SECRET: digest }))).toBe(
      digest,
    );
    expect(digestWebhookSecret(parseEnv({ PLAYBOOK_WEBHOOK_SECRET: playbook, DIGEST_WEBHOOK_SECRET: '' }))).toBe(
      playbook,
    );
    expect(digestWebhookSecret(parseEnv({}))).toBeUndefined();
    expect(configErrorOf({ DIGEST_WEBHOOK_SECRET: 'short' })).toContain('DIGEST_WEBHOOK_SECRET');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', HUBSPOT_ACCESS_TOKEN: '' })).toMatchObject({
      DATABASE_URL: undefined,
      HUBSPOT_ACCESS_TOKEN: undefined,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['HUBSPOT_RATE_LIMIT_PER_10S', '0'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    const message = configErrorOf({ [name]: value });
    expect(message).toContain(name);
    expect(message).toContain(JSON.stringify(value));
  });

  it.each([
    ['DATABASE_URL', 'mysql://app:S3cr#t@db.internal/cs'],
    ['DATABASE_URL', 'postgres://app:S3cr#t@'],
    ['TOKEN_ENCRYPTION_KEY', 'S3cr#tS3cr#tS3cr#t'],
    ['TOKEN_ENCRYPTION_KEYS_PREVIOUS', 'S3cr#tS3cr#t,other'],
  ])('names %s but never shows its value', (name, value) => {
    const message = configErrorOf({ [name]: value });
    expect(message).toContain(name);
    expect(message).toContain(`a value of ${value.length} characters, not shown`);
    expect(message).not.toContain('S3cr#t');
  });
});
