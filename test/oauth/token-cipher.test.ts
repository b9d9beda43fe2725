import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config/env';
import {
  cipherFromEnvironment,
  encryptionKey,
  generateEncryptionKey,
  TokenCipher,
  TokenDecryptionError,
} from '../../src/config/secrets/token-cipher';

const key = () => encryptionKey(randomBytes(32));
const token = 'CO' + 'x'.repeat(180);
const context = 'installation:4242:refresh_token';

function flipLastCharacter(part: string): string {
  const bytes = Buffer.from(part, 'base64');
  bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
  return bytes.toString('base64');
}

describe('TokenCipher (AES-256-GCM)', () => {
  it('opens what it sealed, and the sealed text names the key and keeps nothing of the token', () => {
    const current = key();
    const cipher = new TokenCipher(current);
    const sealed = cipher.encrypt(token, context);
    expect(sealed.split(':')).toHaveLength(5);
    expect(sealed.startsWith(`v1:${current.id}:`)).toBe(true);
    expect(sealed).not.toContain(token.slice(0, 16));
    expect(cipher.decrypt(sealed, context)).toBe(token);
  });

  it('uses a new IV every time, so the same token never seals the same way twice', () => {
    const cipher = new TokenCipher(key());
    const first = cipher.encrypt(token, context);
    const second = cipher.encrypt(token, context);
    expect(first).not.toBe(second);
    expect(first.split(':')[2]).not.toBe(second.split(':')[2]);
  });

  it.each([
    ['ciphertext', 4],
    ['auth tag', 3],
    ['IV', 2],
  ])('detects a changed %s', (_name, index) => {
    const cipher = new TokenCipher(key());
    const parts = cipher.encrypt(token, context).split(':');
    parts[index] = flipLastCharacter(parts[index] ?? '');
    expect(() => cipher.decrypt(parts.join(':'), context)).toThrow(TokenDecryptionError);
  });

  it('refuses a value sealed for another record (the context is authenticated)', () => {
    const cipher = new TokenCipher(key());
    const sealed = cipher.encrypt(token, context);
    expect(() => cipher.decrypt(sealed, 'installation:5151:refresh_token')).toThrow(/another record/);
  });

  it('refuses a value sealed with a key it does not have, and malformed values', () => {
    const sealed = new TokenCipher(key()).encrypt(token, context);
    expect(() => new TokenCipher(key()).decrypt(sealed, context)).toThrow(/neither TOKEN_ENCRYPTION_KEY/);
    const stolenId = encryptionKey(randomBytes(32));
    const forged = sealed.replace(/^v1:[^:]+:/, `v1:${stolenId.id}:`);
    expect(() => new TokenCipher(stolenId).decrypt(forged, context)).toThrow(TokenDecryptionError);
    expect(() => new TokenCipher(key()).decrypt('plain-token', context)).toThrow(/v1 format/);
    expect(() => new TokenCipher(key()).decrypt('v1:a:b:c:d:e', context)).toThrow(/v1 format/);
  });

  it('rotates: the previous key still opens, reseal moves the value to the current key', () => {
    const old = key();
    const sealedWithOld = new TokenCipher(old).encrypt(token, context);
    const current = key();
    const rotated = new TokenCipher(current, [old]);
    expect(rotated.decrypt(sealedWithOld, context)).toBe(token);
    expect(rotated.needsRotation(sealedWithOld)).toBe(true);
    const resealed = rotated.reseal(sealedWithOld, context);
    expect(resealed.split(':')[1]).toBe(current.id);
    expect(rotated.needsRotation(resealed)).toBe(false);
    expect(rotated.reseal(resealed, context)).toBe(resealed);
    expect(new TokenCipher(current).decrypt(resealed, context)).toBe(token);
  });

  it('reads its keys from the environment format (base64, previous keys comma-separated)', () => {
    const [current, older, oldest] = [generateEncryptionKey(), generateEncryptionKey(), generateEncryptionKey()];
    const sealed = cipherFromEnvironment(oldest, undefined).encrypt(token, context);
    const cipher = cipherFromEnvironment(current, `${older}, ${oldest}`);
    expect(cipher.decrypt(sealed, context)).toBe(token);
    expect(cipher.current.id).toBe(encryptionKey(Buffer.from(current, 'base64')).id);
  });

  it('rejects a key that is not 32 bytes of base64 at start-up, naming the variable', () => {
    expect(() => parseEnv({ TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(ConfigError);
    expect(() => parseEnv({ TOKEN_ENCRYPTION_KEY: 'not base64!' })).toThrow(/TOKEN_ENCRYPTION_KEY/);
    expect(() =>
      parseEnv({ TOKEN_ENCRYPTION_KEY: generateEncryptionKey(), TOKEN_ENCRYPTION_KEYS_PREVIOUS: 'short' }),
    ).toThrow(/TOKEN_ENCRYPTION_KEYS_PREVIOUS/);
    expect(parseEnv({ TOKEN_ENCRYPTION_KEY: generateEncryptionKey() }).HUBSPOT_OAUTH_AUTHORIZE_URL).toBe(
      'https://app.hubspot.com/oauth/authorize',
    );
  });
});
